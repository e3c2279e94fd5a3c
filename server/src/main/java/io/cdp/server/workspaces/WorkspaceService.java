package io.cdp.server.workspaces;

import io.cdp.server.api.Ids;
import io.cdp.server.error.AppError;
import java.util.List;

/**
 * Creates and finds workspaces and their sources. Workspaces and sources are addressed by id or
 * by name, whichever the caller has. Thread-safe.
 */
public class WorkspaceService {
    private final WorkspaceRepo repo;

    public WorkspaceService(WorkspaceRepo repo) {
        this.repo = repo;
    }

    public Workspace create(CreateWorkspaceRequest request) {
        Tier tier = request.tierOrDefault();
        if (tier != Tier.ENTERPRISE && (request.rateBurst() != null || request.ratePerDay() != null)) {
            throw AppError.badRequest("custom rate limits are for enterprise workspaces; the "
                    + tier.id() + " tier has fixed limits", request.rateBurst() != null ? "rate_burst" : "rate_per_day");
        }
        return repo.insert(Ids.next("ws"), request.name(), tier.id(), request.rateBurst(), request.ratePerDay())
                .orElseThrow(() -> AppError.conflict("a workspace named '" + request.name() + "' already exists",
                        "name"));
    }

    public List<Workspace> list() {
        return repo.list();
    }

    public Workspace get(String idOrName) {
        return repo.find(idOrName).orElseThrow(() -> AppError.notFound("no workspace '" + idOrName
                + "': list them with `cdp workspaces list`"));
    }

    /**
     * The id of the workspace {@code idOrName} names, for a filter: null when none is named (null or
     * blank), so that the caller lists every workspace's entries.
     */
    public String idFilter(String idOrName) {
        return idOrName == null || idOrName.isBlank() ? null : get(idOrName).id();
    }

    public Source createSource(String workspace, CreateSourceRequest request) {
        Workspace owner = get(workspace);
        return repo.insertSource(Ids.next("src"), owner.id(), request.name(), request.typeOrDefault())
                .orElseThrow(() -> AppError.conflict("workspace '" + owner.name() + "' already has a source named '"
                        + request.name() + "'", "name"));
    }

    /** The source of that name, created (as {@code s2s}) when the workspace has none yet. */
    public Source sourceCreatingIfMissing(String workspace, String source) {
        Workspace owner = get(workspace);
        return repo.findSource(owner.id(), source)
                .or(() -> repo.insertSource(Ids.next("src"), owner.id(), source, "s2s"))
                .or(() -> repo.findSource(owner.id(), source)) // created meanwhile by another request
                .orElseThrow(() -> AppError.internal("source could not be created", null));
    }

    public Source source(String workspace, String source) {
        Workspace owner = get(workspace);
        return repo.findSource(owner.id(), source).orElseThrow(() -> AppError.notFound("workspace '" + owner.name()
                + "' has no source '" + source + "'"));
    }

    /**
     * Sets the web origins a source accepts browser events from; null or an empty list: any
     * origin. Write keys cache their source's origins: see {@code WriteKeyService#forgetCachedOwners}.
     */
    public Source setAllowedOrigins(String workspace, String source, List<String> origins) {
        String stored = AllowedOrigins.store(origins);
        return repo.updateOrigins(source(workspace, source).id(), stored)
                .orElseThrow(() -> AppError.notFound("source '" + source + "' was deleted meanwhile"));
    }

    public List<Source> sources(String workspace) {
        return repo.listSources(get(workspace).id());
    }
}
