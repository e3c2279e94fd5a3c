package io.cdp.functions.call;

import java.util.Objects;

/**
 * A function as deployed: its id, name, version, source text (an ES module whose default export
 * is {@code async function (event, ctx)}) and the workspace it belongs to.
 *
 * <p>The workspace decides where the function runs: functions of one workspace share JavaScript
 * realms (pooled contexts), functions of different workspaces never do, so nothing one
 * workspace's code does to globals or built-in prototypes is visible to another's. Local tools
 * that run one workspace's code use the 4-argument constructor ({@link #LOCAL_WORKSPACE}).
 *
 * @param workspaceId the owning workspace's id; {@link #LOCAL_WORKSPACE} when there is none
 */
public record FunctionCode(String id, String name, int version, String code, String workspaceId) {
    /** The workspace of functions that belong to none (cdp functions test, bench, tests). */
    public static final String LOCAL_WORKSPACE = "";

    public FunctionCode {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(code, "code");
        workspaceId = workspaceId == null ? LOCAL_WORKSPACE : workspaceId;
    }

    /** A function of no workspace in particular ({@link #LOCAL_WORKSPACE}). */
    public FunctionCode(String id, String name, int version, String code) {
        this(id, name, version, code, LOCAL_WORKSPACE);
    }
}
