package io.cdp.server.functions;

/** What the rotor tells functions about an event's source and workspace ({@code ctx.source}, {@code ctx.workspace}). */
public record SourceContext(String sourceId, String sourceName, String sourceType, String workspaceId,
                            String workspaceName) {
}
