package io.cdp.server.keys;

import io.cdp.server.api.Ids;
import io.cdp.server.error.AppError;
import io.cdp.server.workspaces.Source;
import io.cdp.server.workspaces.WorkspaceService;
import java.util.List;

/**
 * Creates, lists and revokes write keys. The raw key leaves this class once, in the
 * {@link CreatedWriteKey} of {@link #create}; it is never stored or logged. Thread-safe.
 */
public class WriteKeyService {
    private final WriteKeyRepo repo;
    private final WorkspaceService workspaces;
    private final WriteKeyRevocations revocations;

    public WriteKeyService(WriteKeyRepo repo, WorkspaceService workspaces, WriteKeyRevocations revocations) {
        this.repo = repo;
        this.workspaces = workspaces;
        this.revocations = revocations;
    }

    public CreatedWriteKey create(CreateWriteKeyRequest request) {
        Source source = request.createSource()
                ? workspaces.sourceCreatingIfMissing(request.workspace(), request.source())
                : workspaces.source(request.workspace(), request.source());
        String id = Ids.next("key");
        String key = WriteKeys.generate(id);
        repo.insert(id, source.id(), WriteKeys.hash(key), WriteKeys.displayPrefix(key));
        return new CreatedWriteKey(get(id), key);
    }

    /** Every key, or those of one workspace (id or name) when {@code workspace} is given. */
    public List<WriteKey> list(String workspace) {
        String workspaceId = workspaces.idFilter(workspace);
        return workspaceId == null ? repo.list() : repo.listByWorkspace(workspaceId);
    }

    public WriteKey get(String id) {
        return repo.find(id).orElseThrow(() -> AppError.notFound("no write key '" + id
                + "': list them with `cdp keys list`"));
    }

    /**
     * Makes every ingest process read the source's keys afresh (their cached owner carries the
     * source's allowed origins), as a revocation does.
     */
    public void forgetCachedOwners(String sourceId) {
        repo.hashesOfSource(sourceId).forEach(revocations::announce);
    }

    /**
     * Revokes the key and tells every ingest process to forget it. Revoking twice is harmless
     * and keeps the first revocation time.
     */
    public WriteKey revoke(String id) {
        RevokedKey revoked = repo.revoke(id).orElseThrow(() -> AppError.notFound("no write key '" + id
                + "': list them with `cdp keys list`"));
        revocations.announce(revoked.keyHash());
        return get(revoked.id());
    }
}
