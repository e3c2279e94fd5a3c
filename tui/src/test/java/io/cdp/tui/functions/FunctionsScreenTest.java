package io.cdp.tui.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The Functions screen's figures: calls and errors per function from the meters, logs oldest first. */
class FunctionsScreenTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void callsAndErrorsPerFunctionAddTimeoutsToErrors() throws Exception {
        var counts = FunctionsScreen.counts(MAPPER.readTree("""
                {"meters": [
                  {"name": "cdp_rotor_function_calls_total", "tags": {"function": "fn_1"}, "value": 10},
                  {"name": "cdp_rotor_function_errors_total", "tags": {"function": "fn_1", "kind": "throw"}, "value": 2},
                  {"name": "cdp_rotor_function_errors_total", "tags": {"function": "fn_1", "kind": "limit"}, "value": 1},
                  {"name": "cdp_rotor_function_timeouts_total", "tags": {"function": "fn_1"}, "value": 1},
                  {"name": "cdp_ingest_events_accepted_total", "tags": {}, "value": 99}
                ]}"""));
        assertThat(counts).containsOnlyKeys("fn_1");
        assertThat(counts.get("fn_1")).containsExactly(10.0, 4.0);
    }

    @Test
    void logsAreShownOldestFirstAsCdpFunctionsLogsPrintsThem() throws Exception {
        var lines = FunctionsScreen.logLines(MAPPER.readTree("""
                {"logs": [
                  {"at": "2026-12-05T20:00:02Z", "level": "info", "message": "second", "message_id": "m2", "version": 2},
                  {"at": "2026-12-05T20:00:01Z", "level": "warn", "message": "first", "message_id": "m1", "version": 1}
                ]}"""));
        assertThat(lines).containsExactly("2026-12-05T20:00:01Z warn  first  [message m1, v1]",
                "2026-12-05T20:00:02Z info  second  [message m2, v2]");
    }
}
