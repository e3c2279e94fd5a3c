package io.cdp.tui.keys;

import com.fasterxml.jackson.databind.JsonNode;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import io.cdp.client.ManagementClient;
import io.cdp.tui.screen.Canvas;
import io.cdp.tui.screen.Screen;
import io.cdp.tui.screen.ScreenContext;
import io.cdp.tui.screen.Selection;
import io.cdp.tui.screen.Text;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Screen 4: workspaces, their sources and write keys (masked), each key's last use; create a
 * workspace (with its tier), a source, a key (its raw value shown once, with a line to copy),
 * and revoke a key after a confirmation.
 */
public final class KeysScreen implements Screen {
    private List<KeyRow> rows = List.of();
    private final Selection selection = new Selection();

    @Override
    public String title() {
        return "Keys";
    }

    @Override
    public void refresh(ScreenContext context) {
        try {
            ManagementClient management = context.console().management();
            JsonNode workspaces = management.workspaces().path("workspaces");
            Map<String, JsonNode> sources = new HashMap<>();
            for (JsonNode workspace : workspaces) {
                String name = workspace.path("name").asText();
                sources.put(name, context.console().sources(name).path("sources"));
            }
            Map<String, Instant> lastUsed = new HashMap<>();
            context.console().keyUsage().path("last_used").fields()
                    .forEachRemaining(use -> lastUsed.put(use.getKey(), Instant.parse(use.getValue().asText())));
            rows = KeyRow.rows(workspaces, sources, management.keys(null).path("keys"), lastUsed);
            selection.clamp(rows.size());
        } catch (Exception e) {
            context.failed("reading workspaces and keys", e);
        }
    }

    @Override
    public boolean handle(KeyStroke key, ScreenContext context) {
        if (key.getKeyType() == KeyType.ArrowDown || key.getKeyType() == KeyType.ArrowUp) {
            selection.move(key.getKeyType() == KeyType.ArrowDown ? 1 : -1, rows.size());
            return true;
        }
        if (key.getKeyType() != KeyType.Character) {
            return false;
        }
        switch (key.getCharacter()) {
            case 'n' -> context.ask("New workspace name: ", "", name -> context.ask(
                    "Tier of " + name + " (default, pro or enterprise): ", "default", tier -> {
                        try {
                            context.console().management().createWorkspace(name.strip(), Text.blankToNull(tier));
                            context.status("Created workspace " + name.strip() + ". Press o to add a source.");
                            refresh(context);
                        } catch (Exception e) {
                            context.failed("creating workspace " + name.strip(), e);
                        }
                    }));
            case 'o' -> selected().ifPresentOrElse(row -> context.ask("New source in " + row.workspace()
                    + " (name): ", "", name -> context.ask("Type of " + name + " (browser or s2s): ", "s2s", type -> {
                        try {
                            context.console().createSource(row.workspace(), name.strip(), Text.blankToNull(type));
                            context.status("Created source " + name.strip() + " in " + row.workspace()
                                    + ". Press k on it for a write key.");
                            refresh(context);
                        } catch (Exception e) {
                            context.failed("creating source " + name.strip(), e);
                        }
                    })), () -> context.status("Create a workspace first (n)."));
            case 'k' -> selected().ifPresentOrElse(row -> {
                if (row.source() != null) {
                    createKey(row.workspace(), row.source(), context);
                } else {
                    context.ask("Source for the new key in " + row.workspace() + " (created if new): ", "web",
                            source -> createKey(row.workspace(), source.strip(), context));
                }
            }, () -> context.status("Create a workspace first (n)."));
            case 'v' -> selected().filter(row -> row.kind() == KeyRow.Kind.KEY).ifPresentOrElse(row -> {
                String id = row.key().path("id").asText();
                context.confirm("Revoke " + row.key().path("masked").asText() + "? Its senders get 401. (y/n) ", () -> {
                            try {
                                context.console().management().revokeKey(id);
                                context.status("Revoked " + row.key().path("masked").asText() + ".");
                                refresh(context);
                            } catch (Exception e) {
                                context.failed("revoking the key", e);
                            }
                        });
            }, () -> context.status("Select a key (the indented lines) to revoke it."));
            default -> {
                return false;
            }
        }
        return true;
    }

    private void createKey(String workspace, String source, ScreenContext context) {
        try {
            JsonNode created = context.console().management().createKey(workspace, source, true);
            String raw = created.path("key").asText();
            context.show("New write key for " + workspace + "/" + source, List.of(
                    "The key, shown this once only (the server keeps a hash). Copy the next line:",
                    raw,
                    "",
                    "For a shell:",
                    "export CDP_WRITE_KEY=" + raw,
                    "",
                    "Try it: ./cdp events send --key " + raw + " --event Hello",
                    "",
                    "Escape closes this pane; the list shows the key masked from now on."));
            refresh(context);
        } catch (Exception e) {
            context.failed("creating a key for " + workspace + "/" + source, e);
        }
    }

    private java.util.Optional<KeyRow> selected() {
        return rows.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(rows.get(selection.index()));
    }

    @Override
    public void draw(Canvas canvas) {
        if (rows.isEmpty()) {
            canvas.line("No workspaces yet. Press n to create one.");
            return;
        }
        int visible = Math.max(1, canvas.rowsLeft());
        int first = selection.firstVisible(visible, rows.size());
        for (int i = first; i < Math.min(rows.size(), first + visible); i++) {
            KeyRow row = rows.get(i);
            if (i == selection.index()) {
                canvas.selected(row.text());
            } else if (row.kind() == KeyRow.Kind.WORKSPACE) {
                canvas.bold(row.text());
            } else {
                canvas.line(row.text());
            }
        }
    }

    @Override
    public String keys() {
        return "Up/Down n:workspace o:source k:new key v:revoke key";
    }
}
