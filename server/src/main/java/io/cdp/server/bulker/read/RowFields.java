package io.cdp.server.bulker.read;

import io.cdp.server.event.FieldType;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The non-null columns of a row, in order: each one's name, the type of its value, and whether
 * that value is an integer fitting a long. Immutable.
 *
 * <p>Events of one kind have the same fields, so {@link RowReader} hands out one shared instance
 * per distinct list ({@link Interned}), compared by identity: ten thousand rows of a batch then
 * hold a few lists between them instead of three arrays each, and the schema planner checks
 * each list against the table once per batch rather than once per row.
 *
 * <p>Public only as a type: outside this package an instance is an opaque token, compared by
 * identity (two rows of one reader with the same instance have the same fields); its contents
 * are read through {@link Row}.
 */
public final class RowFields {
    private final String[] names;
    private final FieldType[] types;
    private final boolean[] integral;

    private RowFields(String[] names, FieldType[] types, boolean[] integral) {
        this.names = names;
        this.types = types;
        this.integral = integral;
    }

    /** These fields and one more at the end. */
    RowFields plus(String name, FieldType type) {
        int count = names.length;
        String[] moreNames = Arrays.copyOf(names, count + 1);
        FieldType[] moreTypes = Arrays.copyOf(types, count + 1);
        boolean[] moreIntegral = Arrays.copyOf(integral, count + 1);
        moreNames[count] = name;
        moreTypes[count] = type;
        return new RowFields(moreNames, moreTypes, moreIntegral);
    }

    int count() {
        return names.length;
    }

    String name(int index) {
        return names[index];
    }

    FieldType type(int index) {
        return types[index];
    }

    boolean integral(int index) {
        return integral[index];
    }

    boolean has(String name) {
        for (String field : names) {
            if (field.equals(name)) {
                return true;
            }
        }
        return false;
    }

    /**
     * One instance per distinct list of fields, for one reader thread. Bounded because fields come
     * from clients: past {@code max} lists it starts again, which costs sharing, never correctness.
     */
    static final class Interned {
        /** The hash of an empty list of fields. */
        static final int EMPTY_HASH = 1;

        private final int max;
        private Map<Probe, RowFields> known = new HashMap<>();
        private final Probe probe = new Probe();

        Interned(int max) {
            this.max = max;
        }

        /**
         * The shared instance equal to the first {@code count} entries of these scratch arrays,
         * whose {@link #hash} the caller kept as it filled them.
         */
        RowFields of(String[] names, FieldType[] types, boolean[] integral, int count, int hash) {
            probe.set(names, types, integral, count, hash);
            RowFields found = known.get(probe);
            if (found != null) {
                return found;
            }
            if (known.size() >= max) {
                known = new HashMap<>();
            }
            RowFields fields = new RowFields(Arrays.copyOf(names, count), Arrays.copyOf(types, count),
                    Arrays.copyOf(integral, count));
            Probe key = new Probe();
            key.set(fields.names, fields.types, fields.integral, count, hash);
            known.put(key, fields);
            return fields;
        }

        /** The hash of a list of fields whose hash without its last field is {@code hash}. */
        static int hash(int hash, String name, FieldType type, boolean integral) {
            return 31 * (31 * (31 * hash + name.hashCode()) + type.ordinal()) + (integral ? 1 : 0);
        }

        /** A lookup key over scratch arrays, so a row whose fields are known allocates nothing. */
        private static final class Probe {
            private String[] names;
            private FieldType[] types;
            private boolean[] integral;
            private int count;
            private int hash;

            void set(String[] names, FieldType[] types, boolean[] integral, int count, int hash) {
                this.names = names;
                this.types = types;
                this.integral = integral;
                this.count = count;
                this.hash = hash;
            }

            @Override
            public boolean equals(Object other) {
                if (!(other instanceof Probe probe) || probe.count != count || probe.hash != hash) {
                    return false;
                }
                for (int i = 0; i < count; i++) {
                    if (!names[i].equals(probe.names[i]) || types[i] != probe.types[i]
                            || integral[i] != probe.integral[i]) {
                        return false;
                    }
                }
                return true;
            }

            @Override
            public int hashCode() {
                return hash;
            }
        }
    }
}
