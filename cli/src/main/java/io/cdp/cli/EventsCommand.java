package io.cdp.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdp.client.IngestClient;
import io.cdp.client.IngestClient.Answer;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code cdp events}: send test events to the ingest API with a write key. */
@Command(
        name = "events",
        mixinStandardHelpOptions = true,
        header = "Send test events to the ingest API.",
        subcommands = {EventsCommand.Send.class},
        synopsisSubcommandLabel = "COMMAND",
        footer = {"", "Examples:", "  ./cdp events send --key cdp_wk_... --type track --event \"Signed Up\""})
public class EventsCommand extends CommandGroup {

    @Command(
            name = "send",
            mixinStandardHelpOptions = true,
            header = "Send one event, or --count N of them in batches, and print what the server answered.",
            description = "One event goes to /v1/TYPE; with --count above 1 the events go to /v1/batch in batches."
                    + " When the workspace's rate limit answers 429, waits the Retry-After the server asks and goes on.",
            footer = {"", "Examples:",
                    "  ./cdp events send --key cdp_wk_... --type track --event \"Signed Up\"",
                    "  ./cdp events send --key cdp_wk_... --type identify --user-id u1 \\",
                    "      --traits '{\"plan\":\"pro\"}'",
                    "  ./cdp events send --key cdp_wk_... --event \"Page Viewed\" --count 10000",
                    "  CDP_WRITE_KEY=cdp_wk_... ./cdp events send --type page --name Home"})
    static class Send implements Callable<Integer> {
        private static final ObjectMapper JSON = new ObjectMapper();
        private static final int MAX_WAITS = 100;

        @Spec
        CommandSpec spec;
        @Mixin
        ServerOptions server;

        @Option(names = "--key", paramLabel = "KEY", defaultValue = "${env:CDP_WRITE_KEY}",
                description = "Write key (default: CDP_WRITE_KEY). Create one with `cdp keys create`.")
        String key;

        @Option(names = "--type", paramLabel = "TYPE", defaultValue = "track",
                description = "track, identify, page, screen, group or alias (default: ${DEFAULT-VALUE}).")
        String type;

        @Option(names = "--event", paramLabel = "NAME", description = "Event name (track).")
        String event;

        @Option(names = "--name", paramLabel = "NAME", description = "Page or screen name.")
        String name;

        @Option(names = "--user-id", paramLabel = "ID", description = "userId.")
        String userId;

        @Option(names = "--anonymous-id", paramLabel = "ID",
                description = "anonymousId (default: a random one when no --user-id).")
        String anonymousId;

        @Option(names = "--group-id", paramLabel = "ID", description = "groupId (group).")
        String groupId;

        @Option(names = "--previous-id", paramLabel = "ID", description = "previousId (alias).")
        String previousId;

        @Option(names = "--properties", paramLabel = "JSON", description = "properties, a JSON object.")
        String properties;

        @Option(names = "--traits", paramLabel = "JSON", description = "traits, a JSON object.")
        String traits;

        @Option(names = "--count", paramLabel = "N", defaultValue = "1", description = "How many events (default: 1).")
        int count;

        @Option(names = "--batch-size", paramLabel = "N", defaultValue = "100",
                description = "Events per /v1/batch request when --count > 1 (default: ${DEFAULT-VALUE}).")
        int batchSize;

        @Override
        public Integer call() throws Exception {
            if (key == null || key.isBlank()) {
                throw new ParameterException(spec.commandLine(),
                        "a write key is needed: --key KEY or CDP_WRITE_KEY (create one with `cdp keys create`)");
            }
            if (count < 1 || batchSize < 1 || batchSize > 2500) {
                throw new ParameterException(spec.commandLine(), "--count must be at least 1 and --batch-size 1..2500");
            }
            Map<String, Object> template = template();
            IngestClient ingest = server.ingest();
            return count == 1 ? sendOne(ingest, template) : sendMany(ingest, template);
        }

        private int sendOne(IngestClient ingest, Map<String, Object> event) throws Exception {
            Answer answer = ingest.send(key, type, event);
            PrintWriter out = spec.commandLine().getOut();
            out.println("HTTP " + answer.status() + " " + answer.body());
            out.flush();
            if (!answer.ok()) {
                spec.commandLine().getErr().println(hint(answer));
                spec.commandLine().getErr().flush();
            }
            return answer.ok() ? ExitCodes.OK : ExitCodes.REFUSED;
        }

        private int sendMany(IngestClient ingest, Map<String, Object> template) throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            long accepted = 0;
            long duplicates = 0;
            long rejected = 0;
            JsonNode firstRejection = null;
            int sent = 0;
            int waits = 0;
            int progressStep = Math.max(batchSize, count / 10);
            int nextProgress = progressStep;
            while (sent < count) {
                int size = Math.min(batchSize, count - sent);
                List<Map<String, Object>> batch = new ArrayList<>(size);
                for (int i = 0; i < size; i++) {
                    Map<String, Object> event = new LinkedHashMap<>(template);
                    event.put("type", type);
                    batch.add(event);
                }
                Answer answer = ingest.sendBatch(key, batch);
                if (answer.status() == 429 && waits++ < MAX_WAITS) {
                    int seconds = answer.retryAfterSeconds() == null ? 1 : answer.retryAfterSeconds();
                    err.printf("rate limited (%s); waiting %d s as the server asks%n",
                            answer.body().path("error").asText(), seconds);
                    err.flush();
                    Thread.sleep(seconds * 1000L);
                    continue;
                }
                if (!answer.ok()) {
                    out.printf("HTTP %d %s%n", answer.status(), answer.body());
                    out.printf("sent %d of %d events before the server refused%n", sent, count);
                    out.flush();
                    err.println(hint(answer));
                    err.flush();
                    return ExitCodes.REFUSED;
                }
                sent += size;
                accepted += answer.body().path("accepted").asLong();
                duplicates += answer.body().path("duplicates").asLong();
                JsonNode rejections = answer.body().path("rejected");
                rejected += rejections.size();
                if (firstRejection == null && rejections.size() > 0) {
                    firstRejection = rejections.get(0);
                }
                if (sent >= nextProgress && sent < count) {
                    err.printf("sent %d/%d%n", sent, count);
                    err.flush();
                    nextProgress += progressStep;
                }
            }
            out.printf("%d events sent: %d accepted, %d duplicates, %d rejected%n", count, accepted, duplicates,
                    rejected);
            if (firstRejection != null) {
                out.println("first rejection: " + firstRejection);
            }
            out.flush();
            return rejected == 0 ? ExitCodes.OK : ExitCodes.REFUSED;
        }

        private Map<String, Object> template() {
            Map<String, Object> event = new LinkedHashMap<>();
            putIfPresent(event, "userId", userId);
            putIfPresent(event, "anonymousId", anonymousId == null && userId == null
                    ? "anon-" + UUID.randomUUID() : anonymousId);
            putIfPresent(event, "event", this.event);
            putIfPresent(event, "name", name);
            putIfPresent(event, "groupId", groupId);
            putIfPresent(event, "previousId", previousId);
            if (properties != null) {
                event.put("properties", object("--properties", properties));
            }
            if (traits != null) {
                event.put("traits", object("--traits", traits));
            }
            return event;
        }

        private Map<String, Object> object(String option, String text) {
            try {
                return JSON.readValue(text, new TypeReference<Map<String, Object>>() { });
            } catch (IOException notAnObject) {
                throw new ParameterException(spec.commandLine(), option + " must be a JSON object, like '{\"plan\":\"pro\"}'");
            }
        }

        private static void putIfPresent(Map<String, Object> event, String field, String value) {
            if (value != null) {
                event.put(field, value);
            }
        }

        /** What to do about the refusals people meet first. */
        private static String hint(Answer answer) {
            return switch (answer.status()) {
                case 401 -> "The write key was refused: create one with `./cdp keys create --workspace NAME --source NAME`.";
                case 429 -> "The workspace's rate limit was reached: wait " + answer.retryAfterSeconds()
                        + " s or use a workspace of a higher tier.";
                default -> "The server refused the event: see the error and field above.";
            };
        }
    }
}
