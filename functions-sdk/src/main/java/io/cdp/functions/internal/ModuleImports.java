package io.cdp.functions.internal;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Functions cannot load modules (the sandbox has no file system), but Jitsu functions import
 * helpers such as {@code RetryError} from {@code @jitsu/functions-lib}. This rewrites such
 * imports of the few built-in libraries into reads of the runtime's own copy, on the same line so
 * error line numbers stay right, and refuses any other import with a clear message.
 */
public final class ModuleImports {
    /** Module names that resolve to the runtime's library object. */
    public static final List<String> BUILT_IN = List.of("@jitsu/functions-lib", "@cdp/functions");

    private static final Pattern IMPORT = Pattern.compile(
            "(?m)^[ \\t]*import\\s+([^;'\"]*?)\\s*from\\s*['\"]([^'\"]+)['\"]\\s*;?");
    private static final Pattern BARE_IMPORT = Pattern.compile("(?m)^[ \\t]*import\\s*['\"]([^'\"]+)['\"]\\s*;?");

    private ModuleImports() {
    }

    /** The code with built-in imports rewritten; throws for any other import. */
    public static String rewrite(String code, String functionName) {
        Matcher bare = BARE_IMPORT.matcher(code);
        if (bare.find()) {
            throw unsupported(functionName, bare.group(1));
        }
        Matcher matcher = IMPORT.matcher(code);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String module = matcher.group(2);
            if (!BUILT_IN.contains(module)) {
                throw unsupported(functionName, module);
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(binding(matcher.group(1).trim())));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static String binding(String clause) {
        String library = "globalThis.__cdp.lib";
        if (clause.startsWith("* as ")) {
            return "const " + clause.substring(5).trim() + " = " + library + ";";
        }
        if (clause.startsWith("{")) {
            String names = clause.replaceAll("\\s+as\\s+", ": ");
            return "const " + names + " = " + library + ";";
        }
        // A default import: the library object itself.
        return "const " + clause + " = " + library + ";";
    }

    private static IllegalArgumentException unsupported(String functionName, String module) {
        return new IllegalArgumentException(functionName + " imports '" + module + "', but functions run in a "
                + "sandbox without modules: only " + BUILT_IN + " can be imported (they provide RetryError); "
                + "bundle other code into the function file");
    }
}
