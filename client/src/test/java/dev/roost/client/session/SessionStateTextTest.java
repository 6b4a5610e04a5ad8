package dev.roost.client.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SessionStateTextTest {
    @Test
    void anExportedStateComesBackEqualInEveryField() {
        ClientSessionState state = SessionFixtures.fullState();

        String text = SessionStateText.encode(state);

        assertThat(text).startsWith(SessionStateText.PREFIX).doesNotContain("\n", "=", "+", "/");
        assertThat(SessionStateText.decode(text)).usingRecursiveComparison().isEqualTo(state);
    }

    @Test
    void surroundingWhitespaceIsIgnored() {
        String text = SessionStateText.encode(SessionFixtures.fullState());

        assertThat(SessionStateText.decode("  " + text + "\n").clientId()).isEqualTo("client-1");
    }

    @Test
    void textThatIsNotAnExportIsRefused() {
        assertThatThrownBy(() -> SessionStateText.decode("hello"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not start with");
    }

    @Test
    void aChangedOrShortenedExportIsRefusedByItsChecksum() {
        String text = SessionStateText.encode(SessionFixtures.fullState());
        char last = text.charAt(text.length() - 10);
        String changed = text.substring(0, text.length() - 10) + (last == 'A' ? 'B' : 'A') + text.substring(
                text.length() - 9);

        assertThatThrownBy(() -> SessionStateText.decode(changed))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("checksum");
        assertThatThrownBy(() -> SessionStateText.decode(text.substring(0, text.length() - 8)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
