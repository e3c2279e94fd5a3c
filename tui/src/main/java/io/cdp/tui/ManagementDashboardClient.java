package io.cdp.tui;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.cdp.client.ManagementClient;
import java.util.ArrayList;
import java.util.List;

/** The dashboard's data from a running server, through the management API client. */
public class ManagementDashboardClient implements DashboardClient {
    private static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final ManagementClient client;

    public ManagementDashboardClient(ManagementClient client) {
        this.client = client;
    }

    @Override
    public Snapshot stats() throws Exception {
        return MAPPER.treeToValue(client.stats(), Snapshot.class);
    }

    @Override
    public List<DeadLetterRow> deadLetters(int limit) throws Exception {
        List<DeadLetterRow> rows = new ArrayList<>();
        for (JsonNode entry : client.deadLetters(null, null, null, limit).path("dead_letters")) {
            rows.add(MAPPER.treeToValue(entry, DeadLetterRow.class));
        }
        return rows;
    }

    @Override
    public int replay(String deadLetterId) throws Exception {
        return client.replay(List.of(deadLetterId)).path("replayed").asInt();
    }
}
