package io.interpreters4j.channels;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The channel semantics (docs/semantics.md: "Channels", "Association and release", "Closing") as
 * an executable sequential specification, written from that guide rather than from the engine. Rendezvous calls are dual operations: a call arrives atomically; it either
 * completes at once (error, partner found, or nowait finding nobody) or becomes pending, and a
 * pending call completes later, atomically with the arrival of the call that serves or fails it.
 *
 * <p>Results use the strings of {@link ChannelLincheckTest}: {@code "ok"}, {@code "none"},
 * {@code "closed"}, {@code "released"}, {@code "notEmpty"}, {@code "sent"}, {@code "recv:v"},
 * {@code "true"}/{@code "false"}, an {@code Integer} received, or a list of interpreter ids.
 */
final class ChannelModel {

    /** One operation on one end: a case of a call. */
    record Case(int channel, boolean isSend, int value) {
    }

    /** A call that may wait: a send, a receive or a select; {@code select} tells how it reports. */
    record Call(int id, int interp, List<Case> cases, boolean select) {
    }

    private static final class Chan {
        boolean sendClosed;
        boolean recvClosed;
        final TreeSet<Integer> assocSend = new TreeSet<>();
        final TreeSet<Integer> assocRecv = new TreeSet<>();
        final TreeSet<Integer> relSend = new TreeSet<>();
        final TreeSet<Integer> relRecv = new TreeSet<>();
        /** Pending call ids, FIFO. */
        final Deque<Integer> senders = new ArrayDeque<>();
        final Deque<Integer> receivers = new ArrayDeque<>();

        Chan copy() {
            Chan c = new Chan();
            c.sendClosed = sendClosed;
            c.recvClosed = recvClosed;
            c.assocSend.addAll(assocSend);
            c.assocRecv.addAll(assocRecv);
            c.relSend.addAll(relSend);
            c.relRecv.addAll(relRecv);
            c.senders.addAll(senders);
            c.receivers.addAll(receivers);
            return c;
        }

        TreeSet<Integer> assoc(boolean isSend) {
            return isSend ? assocSend : assocRecv;
        }

        TreeSet<Integer> released(boolean isSend) {
            return isSend ? relSend : relRecv;
        }

        Deque<Integer> queue(boolean isSend) {
            return isSend ? senders : receivers;
        }

        boolean endClosed(boolean isSend) {
            return isSend ? sendClosed : recvClosed;
        }

        @Override
        public String toString() {
            return (sendClosed ? "S" : "s") + (recvClosed ? "R" : "r") + assocSend + assocRecv + relSend + relRecv + senders + receivers;
        }
    }

    private final Chan[] chans;
    /** Pending calls by id. */
    private final Map<Integer, Call> pending;
    /** Completions produced by the last event: call id to result. */
    final Map<Integer, Object> completed = new HashMap<>();

    ChannelModel(int channels) {
        chans = new Chan[channels];
        for (int i = 0; i < channels; i++) {
            chans[i] = new Chan();
        }
        pending = new HashMap<>();
    }

    private ChannelModel(ChannelModel from) {
        chans = new Chan[from.chans.length];
        for (int i = 0; i < chans.length; i++) {
            chans[i] = from.chans[i].copy();
        }
        pending = new HashMap<>(from.pending);
    }

    ChannelModel copy() {
        return new ChannelModel(this);
    }

    boolean isPending(int callId) {
        return pending.containsKey(callId);
    }

    /** Identifies the state for memoising the search. */
    String key() {
        StringBuilder sb = new StringBuilder();
        for (Chan c : chans) {
            sb.append(c).append('|');
        }
        return sb.append(new TreeSet<>(pending.keySet())).toString();
    }

    // ---- events ----

    /** A send, receive or select arrives; {@code wait} is false for the nowait forms. */
    void arrive(Call call, boolean wait) {
        for (Case k : call.cases()) {
            Chan c = chans[k.channel()];
            if (c.released(k.isSend()).contains(call.interp())) {
                complete(call.id(), "released");
                return;
            }
            if (c.endClosed(k.isSend())) {
                complete(call.id(), "closed");
                return;
            }
            c.assoc(k.isSend()).add(call.interp());
            Deque<Integer> partners = c.queue(!k.isSend());
            if (!partners.isEmpty()) {
                Call partner = pending.get(partners.peekFirst());
                Case partnerCase = caseOn(partner, k.channel(), !k.isSend());
                int value = k.isSend() ? k.value() : partnerCase.value();
                finish(partner, success(partner, partnerCase, value));
                complete(call.id(), success(call, k, value));
                settle();
                return;
            }
        }
        if (!wait) {
            complete(call.id(), "none");
            return;
        }
        pending.put(call.id(), call);
        for (Case k : call.cases()) {
            chans[k.channel()].queue(k.isSend()).addLast(call.id());
        }
    }

    void release(int id, int interp, int channel, boolean isSend) {
        Chan c = chans[channel];
        if (c.released(isSend).contains(interp)) {
            complete(id, "false");
            return;
        }
        if (c.recvClosed) {
            complete(id, "closed");
            return;
        }
        c.released(isSend).add(interp);
        c.assoc(isSend).remove(interp);
        for (Integer w : List.copyOf(c.queue(isSend))) {
            if (pending.get(w).interp() == interp) {
                finish(pending.get(w), "released");
            }
        }
        settle();
        closeIfUnused(c);
        complete(id, "true");
    }

    void closeRecv(int id, int channel, boolean force) {
        Chan c = chans[channel];
        if (c.recvClosed) {
            complete(id, "closed");
        } else if (!c.senders.isEmpty() && !force) {
            complete(id, "notEmpty");
        } else {
            close(c);
            complete(id, "ok");
        }
    }

    void closeSend(int id, int channel, boolean force) {
        Chan c = chans[channel];
        if (c.sendClosed) {
            complete(id, "closed");
            return;
        }
        if (c.senders.isEmpty() || force) {
            close(c);
        } else {
            c.sendClosed = true;
        }
        complete(id, "ok");
    }

    void interpreters(int id, int channel, boolean isSend) {
        Chan c = chans[channel];
        complete(id, c.endClosed(isSend) ? "closed" : List.copyOf(c.assoc(isSend)));
    }

    /**
     * One step of dropping {@code interp}: its effect on one channel. The engine drops an
     * interpreter channel by channel, each atomically; the call completes with its last step.
     */
    void drop(int id, int interp, int channel, boolean last) {
        Chan c = chans[channel];
        if (!c.recvClosed) {
            boolean usedSend = c.assocSend.remove(interp);
            boolean usedRecv = c.assocRecv.remove(interp);
            if (usedSend || usedRecv) {
                for (Integer w : calls(c)) {
                    if (pending.containsKey(w) && pending.get(w).interp() == interp) {
                        finish(pending.get(w), "closed");
                    }
                }
                settle();
                closeIfUnused(c);
            }
        }
        if (last) {
            complete(id, "ok");
        }
    }

    // ---- helpers ----

    private static Case caseOn(Call call, int channel, boolean isSend) {
        for (Case k : call.cases()) {
            if (k.channel() == channel && k.isSend() == isSend) {
                return k;
            }
        }
        throw new AssertionError(call + " has no case on " + channel);
    }

    private static Object success(Call call, Case k, int value) {
        if (call.select()) {
            return k.isSend() ? "sent" : "recv:" + value;
        }
        return k.isSend() ? "ok" : (Object) value;
    }

    /** A pending call completes: it leaves every queue it is in. */
    private void finish(Call call, Object result) {
        pending.remove(call.id());
        for (Chan c : chans) {
            c.senders.remove(call.id());
            c.receivers.remove(call.id());
        }
        complete(call.id(), result);
    }

    private void complete(int id, Object result) {
        completed.put(id, result);
    }

    private static List<Integer> calls(Chan c) {
        List<Integer> all = new ArrayList<>(c.senders);
        all.addAll(c.receivers);
        return all;
    }

    /** Closing fails the calls waiting here; a failed select may have been another channel's last sender. */
    private void close(Chan c) {
        c.sendClosed = true;
        c.recvClosed = true;
        for (Integer w : calls(c)) {
            if (pending.containsKey(w)) {
                finish(pending.get(w), "closed");
            }
        }
        settle();
    }

    /** DRAINING ends when its last sender is gone, whatever took it away. */
    private void settle() {
        for (Chan c : chans) {
            if (c.sendClosed && !c.recvClosed && c.senders.isEmpty()) {
                close(c);
            }
        }
    }

    private void closeIfUnused(Chan c) {
        if (!c.recvClosed && c.assocSend.isEmpty() && c.assocRecv.isEmpty()) {
            close(c);
        }
    }
}
