package io.cdp.cli.events;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * What an event says, as options: its name ({@code --event}, {@code --name}), who it is about
 * ({@code --user-id}, {@code --anonymous-id}, {@code --group-id}, {@code --previous-id}) and
 * its payload ({@code --properties}, {@code --traits}, JSON objects). A picocli {@code @Mixin};
 * not thread-safe.
 *
 * <pre>{@code
 * @Mixin EventFields fields;
 * ...
 * Map<String, Object> event = fields.event();   // {"userId": ..., "event": ..., "properties": {...}}
 * }</pre>
 */
public class EventFields {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec(Spec.Target.MIXEE) CommandSpec command;
    @Option(names = "--event", paramLabel = "NAME", description = "Event name (track).") String event;
    @Option(names = "--name", paramLabel = "NAME", description = "Page or screen name.") String name;
    @Option(names = "--user-id", paramLabel = "ID", description = "userId.") String userId;
    @Option(names = "--anonymous-id", paramLabel = "ID",
            description = "anonymousId (default: a random one when no --user-id).")
    String anonymousId;
    @Option(names = "--group-id", paramLabel = "ID", description = "groupId (group).") String groupId;
    @Option(names = "--previous-id", paramLabel = "ID", description = "previousId (alias).") String previousId;
    @Option(names = "--properties", paramLabel = "JSON", description = "properties, a JSON object.") String properties;
    @Option(names = "--traits", paramLabel = "JSON", description = "traits, a JSON object.") String traits;

    /**
     * The event's fields as the ingest API takes them (without {@code type}): only those given,
     * and a random {@code anonymousId} when neither id is.
     *
     * @throws ParameterException when --properties or --traits is not a JSON object
     */
    public Map<String, Object> event() {
        Map<String, Object> fields = new LinkedHashMap<>();
        putIfPresent(fields, "userId", userId);
        putIfPresent(fields, "anonymousId", anonymousId == null && userId == null
                ? "anon-" + UUID.randomUUID() : anonymousId);
        putIfPresent(fields, "event", event);
        putIfPresent(fields, "name", name);
        putIfPresent(fields, "groupId", groupId);
        putIfPresent(fields, "previousId", previousId);
        if (properties != null) {
            fields.put("properties", object("--properties", properties));
        }
        if (traits != null) {
            fields.put("traits", object("--traits", traits));
        }
        return fields;
    }

    private Map<String, Object> object(String option, String text) {
        try {
            return JSON.readValue(text, new TypeReference<Map<String, Object>>() { });
        } catch (IOException notAnObject) {
            throw new ParameterException(command.commandLine(),
                    option + " must be a JSON object, like '{\"plan\":\"pro\"}'");
        }
    }

    private static void putIfPresent(Map<String, Object> fields, String field, String value) {
        if (value != null) {
            fields.put(field, value);
        }
    }
}
