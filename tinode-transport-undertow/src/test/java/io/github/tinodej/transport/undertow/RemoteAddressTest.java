package io.github.tinodej.transport.undertow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RemoteAddressTest {
    private static final RemoteAddress LOOPBACK = new RemoteAddress(true, TrustedProxies.parse(TrustedProxies.LOOPBACK));

    private static String resolve(RemoteAddress r, String peer, String header) throws Exception {
        return r.resolve(InetAddress.getByName(peer), header.isEmpty() ? List.of() : Arrays.asList(header.split(",")));
    }

    @ParameterizedTest(name = "peer {0}, X-Forwarded-For \"{1}\" -> {2}")
    @CsvSource(delimiter = '|', value = {
        // A proxy on this host forwards a client: the right-most entry is what the proxy saw.
        "127.0.0.1 | 203.0.113.7 | 203.0.113.7",
        // What the client wrote itself, left of that entry, is ignored.
        "127.0.0.1 | 6.6.6.6, 203.0.113.7 | 203.0.113.7",
        "::1 | 6.6.6.6,203.0.113.7 | 203.0.113.7",
        // A peer that is no trusted proxy cannot name another address.
        "198.51.100.9 | 6.6.6.6 | 198.51.100.9",
        // No header: the peer.
        "127.0.0.1 | '' | 127.0.0.1",
        // Garbage stops the walk at the last trusted hop, never skips past it.
        "127.0.0.1 | 6.6.6.6, unknown | 127.0.0.1",
        "127.0.0.1 | 6.6.6.6, proxy.example.com | 127.0.0.1",
        // Ports and brackets as some proxies write them.
        "127.0.0.1 | 203.0.113.7:51234 | 203.0.113.7",
        "127.0.0.1 | [2001:db8::7]:443 | 2001:db8:0:0:0:0:0:7",
        // Every hop trusted: the left-most is the origin.
        "127.0.0.1 | 127.0.0.2, 127.0.0.3 | 127.0.0.2",
    })
    void loopbackTrusted_rightMostUntrustedEntry(String peer, String header, String client) throws Exception {
        assertThat(resolve(LOOPBACK, peer, header)).isEqualTo(client);
    }

    @Test
    void chainOfTrustedProxies_walkedFromTheRight() throws Exception {
        RemoteAddress r = new RemoteAddress(true, TrustedProxies.parse(List.of("10.0.0.0/8", "192.0.2.10", "fd00::/8")));
        assertThat(resolve(r, "10.1.2.3", "6.6.6.6, 203.0.113.7, 192.0.2.10, 10.9.9.9")).isEqualTo("203.0.113.7");
        assertThat(resolve(r, "fd12::1", "203.0.113.8, fd00::2")).isEqualTo("203.0.113.8");
        // Loopback is trusted only by default; this list does not name it.
        assertThat(resolve(r, "127.0.0.1", "6.6.6.6")).isEqualTo("127.0.0.1");
        assertThat(resolve(new RemoteAddress(true, TrustedProxies.parse(List.of())), "127.0.0.1", "6.6.6.6"))
                .isEqualTo("127.0.0.1");
    }

    @Test
    void forwardedForOff_alwaysThePeer() throws Exception {
        RemoteAddress off = new RemoteAddress(false, TrustedProxies.parse(TrustedProxies.LOOPBACK));
        assertThat(resolve(off, "127.0.0.1", "203.0.113.7")).isEqualTo("127.0.0.1");
    }

    @Test
    void cidrMatching_byPrefixBits() throws Exception {
        TrustedProxies p = TrustedProxies.parse(List.of("192.0.2.128/25", "2001:db8::/33", "0.0.0.0/0"));
        assertThat(p.contains(InetAddress.getByName("192.0.2.200"))).isTrue();
        assertThat(p.contains(InetAddress.getByName("2001:db8:7fff::1"))).isTrue();
        assertThat(p.contains(InetAddress.getByName("2001:db8:8000::1"))).isFalse();
        TrustedProxies narrow = TrustedProxies.parse(List.of("192.0.2.128/25"));
        assertThat(narrow.contains(InetAddress.getByName("192.0.2.127"))).isFalse();
        assertThat(narrow.contains(InetAddress.getByName("::ffff:192.0.2.130"))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"proxy.example.com", "10.0.0.0/33", "::1/129", "10.0.0", "300.1.1.1", "10.0.0.1/x",
        "fe80::1%eth0", "", "localhost"})
    void trustedProxies_rejectsAnythingButAddressesAndBlocks(String spec) {
        assertThatThrownBy(() -> UndertowTransport.builder().trustedProxies(List.of(spec)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("trustedProxies");
    }

    @Test
    void trustedProxies_null_rejected() {
        assertThatThrownBy(() -> UndertowTransport.builder().trustedProxies(null)).hasMessageContaining("trustedProxies");
    }
}
