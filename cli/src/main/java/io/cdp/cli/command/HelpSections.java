package io.cdp.cli.command;

/**
 * Headings shared by every command's {@code --help}. The root command declares them for the whole
 * tree (picocli's inherited scope); the commands that are also built alone ({@code dev} and its
 * subcommands, {@code test}) declare them again for that case.
 */
public final class HelpSections {
    /** Above a command's footer, which lists its examples. */
    public static final String EXAMPLES = "%nExamples:%n";

    private HelpSections() {
    }
}
