package io.github.tinodej.transport.grpc;

import io.github.tinodej.transport.grpc.pbx.CallEvent;
import io.github.tinodej.transport.grpc.pbx.InfoNote;
import io.github.tinodej.transport.grpc.pbx.ServerPres;

/**
 * The proto enums and their protocol strings, both ways, as server/pbconverter.go maps them:
 * an unknown string becomes the enum's zero value ({@code X1}, {@code X2}, {@code X3}) and a zero
 * or unknown value becomes the empty string.
 */
final class Enums {
    private Enums() {
    }

    static String infoNote(InfoNote n) {
        return switch (n) {
            case READ -> "read";
            case RECV -> "recv";
            case KP -> "kp";
            case CALL -> "call";
            default -> "";
        };
    }

    static InfoNote infoNote(String s) {
        return switch (s) {
            case "read" -> InfoNote.READ;
            case "recv" -> InfoNote.RECV;
            case "kp" -> InfoNote.KP;
            case "call" -> InfoNote.CALL;
            default -> InfoNote.X1;
        };
    }

    static String callEvent(CallEvent e) {
        return switch (e) {
            case ACCEPT -> "accept";
            case ANSWER -> "answer";
            case HANG_UP -> "hang-up";
            case ICE_CANDIDATE -> "ice-candidate";
            case INVITE -> "invite";
            case OFFER -> "offer";
            case RINGING -> "ringing";
            default -> "";
        };
    }

    static CallEvent callEvent(String s) {
        return switch (s) {
            case "accept" -> CallEvent.ACCEPT;
            case "answer" -> CallEvent.ANSWER;
            case "hang-up" -> CallEvent.HANG_UP;
            case "ice-candidate" -> CallEvent.ICE_CANDIDATE;
            case "invite" -> CallEvent.INVITE;
            case "offer" -> CallEvent.OFFER;
            case "ringing" -> CallEvent.RINGING;
            default -> CallEvent.X2;
        };
    }

    static ServerPres.What presWhat(String s) {
        return switch (s) {
            case "on" -> ServerPres.What.ON;
            case "off" -> ServerPres.What.OFF;
            case "ua" -> ServerPres.What.UA;
            case "upd" -> ServerPres.What.UPD;
            case "gone" -> ServerPres.What.GONE;
            case "acs" -> ServerPres.What.ACS;
            case "term" -> ServerPres.What.TERM;
            case "msg" -> ServerPres.What.MSG;
            case "read" -> ServerPres.What.READ;
            case "recv" -> ServerPres.What.RECV;
            case "del" -> ServerPres.What.DEL;
            case "tags" -> ServerPres.What.TAGS;
            case "aux" -> ServerPres.What.AUX;
            default -> ServerPres.What.X3;
        };
    }
}
