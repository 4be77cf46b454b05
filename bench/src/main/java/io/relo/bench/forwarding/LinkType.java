package io.relo.bench.forwarding;

/**
 * The transport between the nodes of a bench chain.
 */
public enum LinkType
{
    /** Aeron IPC through the embedded media driver's shared memory. */
    IPC("ipc", "Aeron IPC"),
    /** UDP datagrams over the loopback interface. */
    UDP("udp", "UDP loopback");

    private final String key;
    private final String title;

    LinkType(final String key, final String title)
    {
        this.key = key;
        this.title = title;
    }

    /**
     * @return short lower-case name for files and JSON.
     */
    public String key()
    {
        return key;
    }

    /**
     * @return name for people.
     */
    public String title()
    {
        return title;
    }
}
