package io.cdp.server.functions;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdp.functions.call.FunctionCode;
import io.cdp.functions.FunctionCompileException;
import io.cdp.functions.FunctionRuntime;
import io.cdp.server.api.Ids;
import io.cdp.server.error.AppError;
import io.cdp.server.event.EventJson;
import io.cdp.server.workspaces.Source;
import io.cdp.server.workspaces.Workspace;
import io.cdp.server.workspaces.WorkspaceService;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Deploys functions (checking that the code compiles in the same runtime the rotor uses),
 * attaches them to sources, lists them and reads their recent logs. Thread-safe.
 */
public class FunctionService {
    private final FunctionRepo repo;
    private final WorkspaceService workspaces;
    private final FunctionRuntime validator;
    private final FunctionLogStore logs;

    public FunctionService(FunctionRepo repo, WorkspaceService workspaces, FunctionRuntime validator,
                           FunctionLogStore logs) {
        this.repo = repo;
        this.workspaces = workspaces;
        this.validator = validator;
        this.logs = logs;
    }

    public DeployedFunction deploy(DeployFunctionRequest request) {
        Workspace workspace = workspaces.get(request.workspace());
        try {
            // In the workspace's own contexts: the check runs the module's top-level code.
            validator.compile(new FunctionCode("check", request.name(), 0, request.code(), workspace.id()));
        } catch (FunctionCompileException e) {
            throw AppError.badRequest(e.getMessage(), "code");
        }
        if (request.props() != null && !request.props().isObject() && !request.props().isNull()) {
            throw AppError.badRequest("props must be a JSON object (what the function gets as ctx.props)", "props");
        }
        String props = request.props() == null || request.props().isNull() ? "{}" : request.props().toString();
        var created = repo.upsert(Ids.next("fn"), workspace.id(), request.name(), request.code(), props);
        StoredFunction function = created.orElseGet(() -> repo.find(workspace.id(), request.name())
                .orElseThrow(() -> AppError.internal("function vanished while deploying", null)));
        Attachment attachment = request.source() == null ? null
                : attach(workspace, function, request.source(), request.position());
        return new DeployedFunction(function, created.isPresent(), attachment);
    }

    public Attachment attach(String functionRef, AttachFunctionRequest request) {
        StoredFunction function = find(functionRef, request.workspace());
        Workspace workspace = workspaces.get(function.workspaceId());
        return attach(workspace, function, request.source(), request.position());
    }

    private Attachment attach(Workspace workspace, StoredFunction function, String sourceRef, Integer position) {
        Source source = workspaces.source(workspace.id(), sourceRef);
        int at = position != null ? position
                : repo.positionOf(source.id(), function.id()).orElseGet(() -> repo.nextPosition(source.id()));
        repo.functionAt(source.id(), at).filter(other -> !other.equals(function.id())).ifPresent(other -> {
            throw AppError.conflict("position " + at + " of source '" + source.name() + "' already holds another "
                    + "function: pick a free position or leave it out to append", "position");
        });
        repo.attach(source.id(), function.id(), at);
        return new Attachment(function.id(), source.id(), source.name(), at);
    }

    /** Functions with where each is attached: {@code [{id, name, version, ..., sources: [...]}]}. */
    public List<Map<String, Object>> list(String workspaceRef) {
        String workspaceId = workspaceRef == null ? null : workspaces.get(workspaceRef).id();
        Map<String, List<Attachment>> attached = repo.attachments(workspaceId).stream()
                .collect(Collectors.groupingBy(Attachment::functionId));
        Map<String, String> names = workspaces.list().stream()
                .collect(Collectors.toMap(Workspace::id, Workspace::name));
        return repo.list(workspaceId).stream().map(function -> Map.<String, Object>of(
                "id", function.id(),
                "name", function.name(),
                "version", function.version(),
                "workspace_id", function.workspaceId(),
                "workspace_name", names.getOrDefault(function.workspaceId(), function.workspaceId()),
                "updated_at", function.updatedAt().toString(),
                "props", props(function),
                "sources", attached.getOrDefault(function.id(), List.of()))).toList();
    }

    private static JsonNode props(StoredFunction function) {
        try {
            return EventJson.MAPPER.readTree(function.props() == null ? "{}" : function.props());
        } catch (java.io.IOException e) {
            return EventJson.MAPPER.createObjectNode();
        }
    }

    /** The newest log entries of a function, newest first. */
    public Map<String, Object> logs(String functionRef, String workspaceRef, int limit) {
        StoredFunction function = find(functionRef, workspaceRef);
        List<JsonNode> entries = logs.recent(function.id(), Math.min(Math.max(limit, 1), 1000));
        return Map.of("function_id", function.id(), "name", function.name(), "logs", entries);
    }

    /** By id or by name; a name used in several workspaces needs the workspace. */
    public StoredFunction find(String functionRef, String workspaceRef) {
        if (workspaceRef != null) {
            Workspace workspace = workspaces.get(workspaceRef);
            return repo.find(workspace.id(), functionRef).orElseThrow(() -> AppError.notFound("workspace '"
                    + workspace.name() + "' has no function '" + functionRef + "': list them with `cdp functions list`"));
        }
        List<StoredFunction> found = repo.findAnywhere(functionRef);
        if (found.isEmpty()) {
            throw AppError.notFound("no function '" + functionRef + "': list them with `cdp functions list`");
        }
        if (found.size() > 1 && !found.get(0).id().equals(functionRef)) {
            throw AppError.badRequest("several workspaces have a function named '" + functionRef
                    + "': name the workspace", "workspace");
        }
        return found.get(0);
    }
}
