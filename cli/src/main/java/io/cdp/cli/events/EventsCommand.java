package io.cdp.cli.events;

import io.cdp.cli.command.ExitCodes;
import io.cdp.cli.command.CommandGroup;
import io.cdp.cli.command.ServerOptions;
import com.fasterxml.jackson.databind.JsonNode;
import io.cdp.client.IngestClient;
import io.cdp.client.IngestClient.Answer;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        header = "Send test events to the ingest API, and follow the events arriving.",
        subcommands = {EventsCommand.Send.class, EventsTail.class},
        footer = {"  ./cdp events send --key cdp_wk_... --type track --event \"Signed Up\"",
                "  ./cdp events tail --workspace acme"})
public class EventsCommand extends CommandGroup {

    @Command(
            name = "send",
            header = "Send one event, or --count N of them in batches, and print what the server answered.",
            description = "One event goes to /v1/TYPE; with --count above 1 the events go to /v1/batch in batches."
                    + " When the workspace's rate limit answers 429, waits the Retry-After the server asks and goes on.",
            footer = {"  ./cdp events send --key cdp_wk_... --type track --event \"Signed Up\"",
                    "  ./cdp events send --key cdp_wk_... --type identify --user-id u1 \\",
                    "      --traits '{\"plan\":\"pro\"}'",
                    "  ./cdp events send --key cdp_wk_... --event \"Page Viewed\" --count 10000",
                    "  CDP_WRITE_KEY=cdp_wk_... ./cdp events send --type page --name Home"})
    static class Send implements Callable<Integer> {
        private static final int MAX_WAITS = 100;

        @Spec CommandSpec spec;
        @Mixin ServerOptions server;

        @Option(names = "--key", paramLabel = "KEY", defaultValue = "${env:CDP_WRITE_KEY}",
                description = "Write key (default: CDP_WRITE_KEY). Create one with `cdp keys create`.")
        String key;

        @Option(names = "--type", paramLabel = "TYPE", defaultValue = "track",
                description = "track, identify, page, screen, group or alias (default: ${DEFAULT-VALUE}).")
        String type;

        @Mixin EventFields fields;
        @Mixin EventCount volume;

        @Override
        public Integer call() throws Exception {
            if (key == null || key.isBlank()) {
                throw new ParameterException(spec.commandLine(),
                        "a write key is needed: --key KEY or CDP_WRITE_KEY (create one with `cdp keys create`)");
            }
            volume.validate();
            Map<String, Object> template = fields.event();
            IngestClient ingest = server.ingest();
            return volume.count == 1 ? sendOne(ingest, template) : sendMany(ingest, template);
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
            int count = volume.count;
            int batchSize = volume.batchSize;
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
