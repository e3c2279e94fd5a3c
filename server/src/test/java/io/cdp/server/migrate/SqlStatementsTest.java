package io.cdp.server.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SqlStatementsTest {
    @Test
    void splitsAtSemicolonsEndingStatements() {
        assertThat(SqlStatements.split("CREATE TABLE a (x String) ENGINE = Log;\nDROP TABLE b;"))
                .containsExactly("CREATE TABLE a (x String) ENGINE = Log", "DROP TABLE b");
    }

    @Test
    void keepsSemicolonsInStringsIdentifiersAndComments() {
        String script = "SELECT 'a;b', `c;d`, \"e;f\" -- g;h\n/* i; j */ FROM t;SELECT 'it''s;', 'x\\';y'";
        assertThat(SqlStatements.split(script)).containsExactly(
                "SELECT 'a;b', `c;d`, \"e;f\" -- g;h\n/* i; j */ FROM t",
                "SELECT 'it''s;', 'x\\';y'");
    }

    @Test
    void dropsStatementsOfOnlyCommentsAndWhitespace() {
        assertThat(SqlStatements.split("-- header; still a comment\n\n;  ;/* nothing */;\nSELECT 1;\n-- trailing"))
                .containsExactly("SELECT 1");
    }

    @Test
    void lastStatementNeedsNoSemicolon() {
        assertThat(SqlStatements.split("SELECT 1;\nSELECT 2\n")).containsExactly("SELECT 1", "SELECT 2");
    }
}
