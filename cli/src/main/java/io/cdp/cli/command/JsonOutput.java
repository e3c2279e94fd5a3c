package io.cdp.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.function.Consumer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --json}, and the one place that prints a server's answer: with {@code --json} the
 * answer as the server sent it, for scripts ({@code jq}); without it the command's own text,
 * a {@link Table} or a sentence. Used as a picocli {@code @Mixin}; not thread-safe.
 *
 * <pre>{@code
 * @Mixin JsonOutput output;
 * ...
 * return output.print(answer, new Table("NAME").rows(answer.path("workspaces"),
 *         workspace -> new String[] {workspace.path("name").asText()})::print);
 * }</pre>
 */
public class JsonOutput {
    @Spec(Spec.Target.MIXEE) CommandSpec command;
    @Option(names = "--json", description = "Print the server's JSON answer.") boolean json;

    /** Whether {@code --json} was given: a command that adds lines of its own leaves them out then. */
    public boolean json() {
        return json;
    }

    /** Prints {@code answer} as JSON with {@code --json}, else what {@code text} writes; then flushes. */
    public int print(JsonNode answer, Consumer<PrintWriter> text) {
        PrintWriter out = command.commandLine().getOut();
        if (json) {
            out.println(answer.toPrettyString());
        } else {
            text.accept(out);
        }
        out.flush();
        return ExitCodes.OK;
    }
}
