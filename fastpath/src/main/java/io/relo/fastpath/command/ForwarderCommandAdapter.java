package io.relo.fastpath.command;

import io.relo.fastpath.Forwarder;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;

import static io.relo.fastpath.command.ForwarderCommands.*;

/**
 * Decodes the command ring buffer into {@code on*} calls on the {@link Forwarder}, on the forwarder's thread.
 */
public final class ForwarderCommandAdapter implements MessageHandler
{
    private final Forwarder forwarder;

    /**
     * @param forwarder to call.
     */
    public ForwarderCommandAdapter(final Forwarder forwarder)
    {
        this.forwarder = forwarder;
    }

    @Override
    public void onMessage(final int msgTypeId, final MutableDirectBuffer b, final int index, final int length)
    {
        switch (msgTypeId)
        {
            case SET_LOCAL:
                forwarder.onSetLocal(b.getLong(index + SET_LOCAL_SELF_HI), b.getLong(index + SET_LOCAL_SELF_LO),
                    b.getLong(index + SET_LOCAL_PREDECESSOR_HI), b.getLong(index + SET_LOCAL_PREDECESSOR_LO));
                break;
            case ADD_OVERLAY:
                forwarder.onAddOverlay(b.getInt(index + ADD_OVERLAY_HASH));
                break;
            case SET_ROUTE_LOG_ENTRY:
                forwarder.onSetRouteLogEntry(b, index + SET_ROUTE_LOG_ENTRY_BYTES,
                    b.getInt(index + SET_ROUTE_LOG_ENTRY_LENGTH));
                break;
            case ADD_UDP_LINK:
                forwarder.onAddUdpLink(b.getInt(index + LINK_ID), b.getLong(index + LINK_PEER_HI),
                    b.getLong(index + LINK_PEER_LO), b.getInt(index + LINK_ROUTABLE) != 0,
                    b.getStringWithoutLengthAscii(index + ADD_UDP_LINK_HOST, length - ADD_UDP_LINK_HOST),
                    b.getInt(index + ADD_UDP_LINK_PORT));
                break;
            case ADD_IPC_LINK:
                forwarder.onAddIpcLink(b.getInt(index + LINK_ID), b.getLong(index + LINK_PEER_HI),
                    b.getLong(index + LINK_PEER_LO), b.getInt(index + LINK_ROUTABLE) != 0,
                    b.getStringWithoutLengthAscii(index + ADD_IPC_LINK_CHANNEL, length - ADD_IPC_LINK_CHANNEL),
                    b.getInt(index + ADD_IPC_LINK_SEND_STREAM), b.getInt(index + ADD_IPC_LINK_RECEIVE_STREAM));
                break;
            case ADD_MEMORY_LINK:
                forwarder.onAddMemoryLink(b.getInt(index + LINK_ID), b.getLong(index + LINK_PEER_HI),
                    b.getLong(index + LINK_PEER_LO), b.getInt(index + LINK_ROUTABLE) != 0,
                    b.getInt(index + ADD_MEMORY_LINK_OUTBOUND), b.getInt(index + ADD_MEMORY_LINK_INBOUND));
                break;
            case REMOVE_LINK:
                forwarder.onRemoveLink(b.getInt(index + REMOVE_LINK_ID));
                break;
            case SET_ROUTERS:
                forwarder.onSetRouters(b, index + SET_ROUTERS_IDS, b.getInt(index + SET_ROUTERS_COUNT));
                break;
            case ADD_COMPRESSION:
                forwarder.onAddCompression(b.getLong(index + ADD_COMPRESSION_KEY_HI),
                    b.getLong(index + ADD_COMPRESSION_KEY_LO), b, index + ADD_COMPRESSION_IDS,
                    b.getInt(index + ADD_COMPRESSION_COUNT));
                break;
            case REMOVE_COMPRESSION:
                forwarder.onRemoveCompression(b.getLong(index + REMOVE_COMPRESSION_KEY_HI),
                    b.getLong(index + REMOVE_COMPRESSION_KEY_LO));
                break;
            case SEND_ON_LINK:
                forwarder.onSendOnLink(b.getInt(index + SEND_ON_LINK_ID), b, index + SEND_ON_LINK_FRAME,
                    b.getInt(index + SEND_ON_LINK_FRAME_LENGTH));
                break;
            case ROUTE_FRAME:
                forwarder.onRouteFrame(b, index + ROUTE_FRAME_FRAME, b.getInt(index + ROUTE_FRAME_FRAME_LENGTH));
                break;
            default:
                forwarder.onUnknownCommand(msgTypeId);
        }
    }
}
