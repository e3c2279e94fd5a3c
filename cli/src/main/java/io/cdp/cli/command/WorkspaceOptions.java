package io.cdp.cli.command;

import picocli.CommandLine.Option;

/**
 * The two forms of {@code --workspace NAME} (a workspace's name or id), as picocli
 * {@code @Mixin}s: {@link Required} where a command works in one workspace, {@link Filter}
 * where it lists or acts on every workspace unless told one.
 */
public final class WorkspaceOptions {
    private WorkspaceOptions() {
    }

    /** {@code --workspace NAME}, required: the workspace the command works in. */
    public static class Required {
        @Option(names = "--workspace", required = true, paramLabel = "NAME", description = "Workspace name or id.")
        String workspace;

        public String value() {
            return workspace;
        }
    }

    /** {@code --workspace NAME}, optional: only that workspace's entries. */
    public static class Filter {
        @Option(names = "--workspace", paramLabel = "NAME", description = "Only this workspace (name or id).")
        String workspace;

        /** The workspace's name or id, null for every workspace. */
        public String value() {
            return workspace;
        }
    }
}
