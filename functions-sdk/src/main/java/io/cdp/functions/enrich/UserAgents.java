package io.cdp.functions.enrich;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import nl.basjes.parse.useragent.UserAgent;
import nl.basjes.parse.useragent.UserAgentAnalyzer;

/**
 * Parses User-Agent strings into the shape of Jitsu's {@code UserAgent} type ({@code ctx.ua}):
 * browser, engine, os, device (model, type, vendor), cpu and {@code bot}. Backed by Yauaa, built
 * lazily on first use (it takes a moment and some memory) and restricted to the fields needed.
 * Thread-safe; results are cached by the analyzer.
 *
 * <pre>{@code
 * ObjectNode ua = UserAgents.shared().parse("Mozilla/5.0 (iPhone; ...) ... Mobile/15E148 Safari/604.1");
 * ua.at("/device/type").asText(); // "mobile"
 * }</pre>
 */
public final class UserAgents {
    private static final String[] FIELDS = {
            UserAgent.DEVICE_CLASS, UserAgent.DEVICE_NAME, UserAgent.DEVICE_BRAND, UserAgent.DEVICE_CPU,
            UserAgent.OPERATING_SYSTEM_NAME, UserAgent.OPERATING_SYSTEM_VERSION,
            UserAgent.LAYOUT_ENGINE_NAME, UserAgent.LAYOUT_ENGINE_VERSION,
            UserAgent.AGENT_NAME, UserAgent.AGENT_VERSION, UserAgent.AGENT_VERSION_MAJOR};

    /** Yauaa's device classes in Jitsu's (ua-parser-js's) device types. */
    private static final Map<String, String> DEVICE_TYPES = Map.ofEntries(
            Map.entry("Desktop", "desktop"), Map.entry("Anonymized", "desktop"),
            Map.entry("Phone", "mobile"), Map.entry("Mobile", "mobile"),
            Map.entry("Tablet", "tablet"), Map.entry("eReader", "tablet"),
            Map.entry("Watch", "wearable"), Map.entry("Augmented Reality", "wearable"),
            Map.entry("Virtual Reality", "wearable"),
            Map.entry("Game Console", "console"), Map.entry("Handheld Game Console", "console"),
            Map.entry("TV", "smarttv"), Map.entry("Set-top box", "smarttv"),
            Map.entry("Car", "embedded"), Map.entry("Home Appliance", "embedded"));

    private static final Set<String> ROBOTS =
            Set.of("Robot", "Robot Mobile", "Robot Imitator", "Hacker", "Cloud", "Spy");

    private static volatile UserAgents shared;

    private final UserAgentAnalyzer analyzer;

    private UserAgents() {
        this.analyzer = UserAgentAnalyzer.newBuilder()
                .hideMatcherLoadStats()
                .withCache(10_000)
                .withFields(FIELDS)
                .build();
    }

    /** The process-wide parser, built on first call. */
    public static UserAgents shared() {
        UserAgents instance = shared;
        if (instance == null) {
            synchronized (UserAgents.class) {
                instance = shared;
                if (instance == null) {
                    instance = new UserAgents();
                    shared = instance;
                }
            }
        }
        return instance;
    }

    /** The parsed agent; fields Yauaa cannot tell are left out, as ua-parser-js leaves them undefined. */
    public ObjectNode parse(String userAgent) {
        UserAgent agent = analyzer.parse(userAgent == null ? "" : userAgent);
        ObjectNode ua = JsonNodeFactory.instance.objectNode();
        ObjectNode browser = ua.putObject("browser");
        put(browser, "name", agent, UserAgent.AGENT_NAME);
        put(browser, "version", agent, UserAgent.AGENT_VERSION);
        put(browser, "major", agent, UserAgent.AGENT_VERSION_MAJOR);
        ObjectNode engine = ua.putObject("engine");
        put(engine, "name", agent, UserAgent.LAYOUT_ENGINE_NAME);
        put(engine, "version", agent, UserAgent.LAYOUT_ENGINE_VERSION);
        ObjectNode os = ua.putObject("os");
        put(os, "name", agent, UserAgent.OPERATING_SYSTEM_NAME);
        put(os, "version", agent, UserAgent.OPERATING_SYSTEM_VERSION);
        ObjectNode device = ua.putObject("device");
        put(device, "model", agent, UserAgent.DEVICE_NAME);
        String deviceClass = agent.getValue(UserAgent.DEVICE_CLASS);
        String type = DEVICE_TYPES.get(deviceClass);
        if (type != null) {
            device.put("type", type);
        }
        put(device, "vendor", agent, UserAgent.DEVICE_BRAND);
        ObjectNode cpu = ua.putObject("cpu");
        put(cpu, "architecture", agent, UserAgent.DEVICE_CPU);
        ua.put("bot", ROBOTS.contains(deviceClass));
        return ua;
    }

    private static void put(ObjectNode target, String name, UserAgent agent, String field) {
        String value = agent.getValue(field);
        if (value != null && !value.isBlank() && !isUnknown(value)) {
            target.put(name, value);
        }
    }

    private static boolean isUnknown(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        return lower.equals("unknown") || lower.equals("??") || lower.startsWith("unknown ")
                || lower.endsWith(" ??") || lower.equals("hacker");
    }
}
