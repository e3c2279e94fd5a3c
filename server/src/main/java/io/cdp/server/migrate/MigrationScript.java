package io.cdp.server.migrate;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * One migration file: {@code V{n}__name.sql} applies version {@code n}, {@code U{n}__name.sql}
 * reverts it.
 *
 * @param kind     apply (V) or undo (U)
 * @param version  the {@code n}
 * @param name     the part after {@code __}, without {@code .sql} ("data_model")
 * @param fileName the file's name
 * @param sql      its text
 */
public record MigrationScript(Kind kind, int version, String name, String fileName, String sql) {
    private static final Pattern FILE_NAME = Pattern.compile("^([VU])(\\d+)__(\\w+)\\.sql$");

    /** What a script does. */
    public enum Kind {
        /** {@code V{n}__name.sql}: applies version n. */
        APPLY,
        /** {@code U{n}__name.sql}: reverts version n. */
        UNDO
    }

    /** The script for a file name of our naming scheme, or empty for any other file. */
    public static Optional<MigrationScript> of(String fileName, String sql) {
        Matcher matcher = FILE_NAME.matcher(fileName);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        Kind kind = matcher.group(1).equals("V") ? Kind.APPLY : Kind.UNDO;
        return Optional.of(new MigrationScript(kind, Integer.parseInt(matcher.group(2)), matcher.group(3), fileName, sql));
    }

    /** The name with spaces, as Flyway shows it: {@code data_model} → "data model". */
    public String description() {
        return name.replace('_', ' ');
    }

    /**
     * CRC32 of the text with line endings normalised, so a checkout with CRLF line endings
     * does not look like an edit.
     */
    public long checksum() {
        CRC32 crc = new CRC32();
        crc.update(sql.replace("\r\n", "\n").getBytes(StandardCharsets.UTF_8));
        return crc.getValue();
    }
}
