// The RTCPeerConnections of a TinodeWeb page in the call scenario: recorded in the page, read back.

// Records every RTCPeerConnection the page makes, its configuration and connection states, so the
// test can see whether WebRTC connects. TinodeWeb keeps its connection in React state.
export function recordPeerConnections() {
  const Native = window.RTCPeerConnection;
  window.__calls = [];
  window.RTCPeerConnection = class extends Native {
    constructor(...args) {
      super(...args);
      const rec = { pc: this, config: args[0] || null, states: [this.connectionState], candidates: [] };
      window.__calls.push(rec);
      this.addEventListener('connectionstatechange', () => rec.states.push(this.connectionState));
      this.addEventListener('icecandidate', (e) => {
        if (e.candidate) {
          rec.candidates.push(e.candidate.candidate);
        }
      });
    }
  };
}

export async function peerConnections(page) {
  return page.evaluate(() => (window.__calls || []).map((c) => ({
    config: c.config, states: c.states, state: c.pc.connectionState, candidates: c.candidates,
  })));
}
