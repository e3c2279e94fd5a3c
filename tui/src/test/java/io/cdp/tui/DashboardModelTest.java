package io.cdp.tui;

import static org.assertj.core.api.Assertions.assertThat;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import io.cdp.client.ApiException;
import io.cdp.client.ClientSettings;
import io.cdp.client.ConsoleClient;
import io.cdp.client.ManagementClient;
import io.cdp.tui.screen.LocalFunctions;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's shell without a server: keys switch screens, questions are typed and answered
 * or cancelled, a server that does not answer is one line, and all of it draws in 80×24.
 */
class DashboardModelTest {
    private static final LocalFunctions NO_FUNCTIONS = (file, events) -> {
        throw new IllegalArgumentException("no functions here");
    };

    /** A model whose server address has nothing listening. */
    private static DashboardModel unreachable() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        URI server = URI.create("http://127.0.0.1:" + port);
        return new DashboardModel(new ConsoleClient(new ManagementClient(new ClientSettings(server, "token", null))),
                NO_FUNCTIONS, server.toString());
    }

    private static KeyStroke key(char character) {
        return new KeyStroke(character, false, false);
    }

    @Test
    void tabAndNumberKeysSwitchScreensAndQQuits() throws Exception {
        DashboardModel model = unreachable();
        assertThat(model.screens()).extracting(screen -> screen.title())
                .containsExactly("Overview", "Live events", "Dead letters", "Keys", "Functions");
        assertThat(model.handle(new KeyStroke(KeyType.Tab))).isTrue();
        assertThat(model.current()).isEqualTo(1);
        model.handle(new KeyStroke(KeyType.ReverseTab));
        model.handle(new KeyStroke(KeyType.ReverseTab));
        assertThat(model.current()).as("Shift-Tab wraps around").isEqualTo(4);
        model.handle(key('3'));
        assertThat(model.current()).isEqualTo(2);
        assertThat(model.handle(key('q'))).isFalse();
        assertThat(model.handle(new KeyStroke(KeyType.Escape))).isFalse();
    }

    @Test
    void anUnreachableServerIsOneLineThatSaysWhatToDo() throws Exception {
        DashboardModel model = unreachable();
        model.refresh();
        assertThat(model.problem()).startsWith("Error ").contains("cannot reach the CDP server at",
                "./cdp dev up --with-server").doesNotContain("\n", "Exception", "\tat ");
        assertThat(DashboardModel.describe("revoking the key", new ApiException(404, "no key 'k1'", null, null)))
                .isEqualTo("Error revoking the key: no key 'k1' (HTTP 404)");
    }

    @Test
    void aQuestionTakesTheKeysUntilEnterOrEscape() throws Exception {
        DashboardModel model = unreachable();
        List<String> answers = new ArrayList<>();
        model.ask("Name: ", "ac", answers::add);
        for (char c : "me1".toCharArray()) {
            model.handle(key(c));
        }
        model.handle(new KeyStroke(KeyType.Backspace));
        assertThat(model.current()).as("digits typed into a question do not switch screens").isZero();
        assertThat(model.handle(key('q'))).as("q typed into a question does not quit").isTrue();
        model.handle(new KeyStroke(KeyType.Enter));
        assertThat(answers).containsExactly("acmeq");

        model.ask("Name: ", "", answers::add);
        assertThat(model.handle(new KeyStroke(KeyType.Escape))).as("Escape cancels, does not quit").isTrue();
        assertThat(model.status()).isEqualTo("Cancelled.");
        List<String> confirmed = new ArrayList<>();
        model.confirm("Revoke? (y/n) ", () -> confirmed.add("yes"));
        model.handle(key('n'));
        model.confirm("Revoke? (y/n) ", () -> confirmed.add("yes"));
        model.handle(key('y'));
        assertThat(confirmed).containsExactly("yes");
        assertThat(answers).hasSize(1);
    }

    @Test
    void escapeThenAKeyTypedFastIsReadAsBothNotAsAlt() throws Exception {
        DashboardModel model = unreachable();
        model.show("Dry run", List.of("line"));
        assertThat(model.handle(new KeyStroke('4', false, true))).isTrue();
        assertThat(model.pane()).as("the pane is closed").isNull();
        assertThat(model.current()).as("and the 4 switched screens").isEqualTo(3);

        List<String> answers = new ArrayList<>();
        model.ask("Name: ", "x", answers::add);
        model.handle(new KeyStroke('2', false, true));
        assertThat(answers).as("the question was cancelled, not answered").isEmpty();
        assertThat(model.current()).isEqualTo(1);
        assertThat(model.handle(new KeyStroke('q', false, true))).as("Alt-q on a screen is q: quit").isFalse();
    }

    @Test
    void everyScreenDrawsItsTabBarAndKeysIn80By24() throws Exception {
        DashboardModel model = unreachable();
        model.refresh();
        DefaultVirtualTerminal terminal = new DefaultVirtualTerminal(new TerminalSize(80, 24));
        com.googlecode.lanterna.screen.TerminalScreen screen = new com.googlecode.lanterna.screen.TerminalScreen(terminal);
        screen.startScreen();
        for (int tab = 1; tab <= 5; tab++) {
            model.showTab(tab);
            DashboardView.draw(model, screen.newTextGraphics(), screen.getTerminalSize(), Instant.EPOCH);
            screen.refresh();
            String text = screenText(terminal);
            String[] lines = text.split("\n");
            assertThat(lines[1]).contains("1 Overview", "2 Live events", "3 Dead letters", "4 Keys", "5 Functions")
                    .contains("[" + tab + " ");
            assertThat(lines[23].strip()).isEqualTo(model.screens().get(tab - 1).keys());
            assertThat(lines[22]).startsWith("Error ");
        }
        model.show("A pane", List.of("line 1", "line 2"));
        DashboardView.draw(model, screen.newTextGraphics(), screen.getTerminalSize(), Instant.EPOCH);
        screen.refresh();
        assertThat(screenText(terminal)).contains("A pane  (1/2)", "line 2", "Escape closes");
        screen.stopScreen();
    }

    static String screenText(DefaultVirtualTerminal terminal) {
        StringBuilder text = new StringBuilder();
        TerminalSize size = terminal.getTerminalSize();
        for (int row = 0; row < size.getRows(); row++) {
            for (int column = 0; column < size.getColumns(); column++) {
                text.append(terminal.getBufferCharacter(column, row).getCharacterString());
            }
            text.append('\n');
        }
        return text.toString();
    }
}
