"""The intake's seam for the desks above it (the ICT desk, workflows/ict): the intake imports none of them.

`message_for_other_desk` is sent for every readable message that is neither a duplicate nor an auto-reply,
before it is taken for an appeal, with `parsed` (the `ParsedMessage`). A receiver that wants the message
answers with a callable `take(message)`; the intake then saves the message as "taken by another desk", in the
same transaction, and calls `take` with the saved `InboundMessage` (the desk links it to its own record). A
receiver that does not want it answers None. An exception in a receiver quarantines the message, as any
other error does: the message is never lost.
"""

from django.dispatch import Signal

message_for_other_desk = Signal()


def other_desk_for(parsed):
    """The `take` of the first desk that wants the message, or None (it is then an appeal, or its reply)."""
    for _receiver, take in message_for_other_desk.send(sender=None, parsed=parsed):
        if take is not None:
            return take
    return None
