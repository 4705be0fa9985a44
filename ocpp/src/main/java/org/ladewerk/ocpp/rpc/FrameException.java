package org.ladewerk.ocpp.rpc;

import org.ladewerk.ocpp.ErrorCode;

/** A text message that is not a valid OCPP-J frame, with what is needed to answer it. */
public final class FrameException extends Exception {

    private final ErrorCode code;
    private final String uniqueId;
    private final Integer messageTypeId;
    private final boolean answerable;

    FrameException(ErrorCode code, String description, String uniqueId, Integer messageTypeId,
            boolean answerable) {
        super(description);
        this.code = code;
        this.uniqueId = uniqueId;
        this.messageTypeId = messageTypeId;
        this.answerable = answerable;
    }

    public ErrorCode code() {
        return code;
    }

    /** The description to put in the CALLERROR. */
    public String description() {
        return getMessage();
    }

    /** The frame's uniqueId, or null when it could not be read. */
    public String uniqueId() {
        return uniqueId;
    }

    /** The uniqueId to use in a CALLERROR reply: "-1" when the real one could not be read. */
    public String replyId() {
        return uniqueId != null ? uniqueId : "-1";
    }

    /** The integer messageTypeId as read, or null when there was none. */
    public Integer messageTypeId() {
        return messageTypeId;
    }

    /**
     * Whether a CALLERROR may be sent back: only when the frame was, or may have been, a
     * request (type 2, unreadable, or a type this version does not know). Answering a broken
     * CALLRESULT/CALLERROR (or a 2.1 SEND) could make two peers bounce errors forever.
     */
    public boolean answerable() {
        return answerable;
    }
}
