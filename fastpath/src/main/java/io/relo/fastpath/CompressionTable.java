package io.relo.fastpath;

/**
 * draft §4.1.2.3.1: private ids that stand for stored route lists (route-list compression). Each entry maps a
 * 128-bit private id to up to {@link #MAX_IDS_PER_ENTRY} ids held in flat preallocated arrays; expiry is the
 * control plane's business, which removes entries by command.
 */
public final class CompressionTable
{
    /** Most ids one private id may stand for. */
    public static final int MAX_IDS_PER_ENTRY = 32;

    private final int capacity;
    private final long[] keyHi;
    private final long[] keyLo;
    private final int[] idCount;
    private final long[] idsHi;
    private final long[] idsLo;
    private int count;

    /**
     * @param capacity most private ids held at once.
     */
    public CompressionTable(final int capacity)
    {
        this.capacity = capacity;
        keyHi = new long[capacity];
        keyLo = new long[capacity];
        idCount = new int[capacity];
        idsHi = new long[capacity * MAX_IDS_PER_ENTRY];
        idsLo = new long[capacity * MAX_IDS_PER_ENTRY];
    }

    /**
     * Add or replace an entry.
     *
     * @param hi    high 64 bits of the private id.
     * @param lo    low 64 bits of the private id.
     * @param hiIds high 64 bits of the ids it stands for.
     * @param loIds low 64 bits of the ids it stands for.
     * @param n     number of ids, 1 to {@link #MAX_IDS_PER_ENTRY}.
     * @return false if the table is full or n is out of range.
     */
    public boolean put(final long hi, final long lo, final long[] hiIds, final long[] loIds, final int n)
    {
        if (n < 1 || n > MAX_IDS_PER_ENTRY)
        {
            return false;
        }
        int index = indexOf(hi, lo);
        if (index < 0)
        {
            if (count == capacity)
            {
                return false;
            }
            index = count++;
        }
        keyHi[index] = hi;
        keyLo[index] = lo;
        idCount[index] = n;
        System.arraycopy(hiIds, 0, idsHi, index * MAX_IDS_PER_ENTRY, n);
        System.arraycopy(loIds, 0, idsLo, index * MAX_IDS_PER_ENTRY, n);
        return true;
    }

    /**
     * @param hi high 64 bits of the private id.
     * @param lo low 64 bits of the private id.
     * @return whether an entry was removed.
     */
    public boolean remove(final long hi, final long lo)
    {
        final int index = indexOf(hi, lo);
        if (index < 0)
        {
            return false;
        }
        final int last = --count;
        keyHi[index] = keyHi[last];
        keyLo[index] = keyLo[last];
        idCount[index] = idCount[last];
        System.arraycopy(idsHi, last * MAX_IDS_PER_ENTRY, idsHi, index * MAX_IDS_PER_ENTRY, MAX_IDS_PER_ENTRY);
        System.arraycopy(idsLo, last * MAX_IDS_PER_ENTRY, idsLo, index * MAX_IDS_PER_ENTRY, MAX_IDS_PER_ENTRY);
        return true;
    }

    /**
     * @param hi high 64 bits of an id.
     * @param lo low 64 bits of an id.
     * @return the entry index if the id is a private id in the table, else -1.
     */
    public int indexOf(final long hi, final long lo)
    {
        for (int i = 0; i < count; i++)
        {
            if (keyLo[i] == lo && keyHi[i] == hi)
            {
                return i;
            }
        }
        return -1;
    }

    /**
     * @param index of an entry.
     * @return number of ids it stands for.
     */
    public int idCount(final int index)
    {
        return idCount[index];
    }

    /**
     * @param index of an entry.
     * @param i     position in its list.
     * @return high 64 bits of that id.
     */
    public long idHi(final int index, final int i)
    {
        return idsHi[index * MAX_IDS_PER_ENTRY + i];
    }

    /**
     * @param index of an entry.
     * @param i     position in its list.
     * @return low 64 bits of that id.
     */
    public long idLo(final int index, final int i)
    {
        return idsLo[index * MAX_IDS_PER_ENTRY + i];
    }

    /**
     * @return number of private ids held.
     */
    public int size()
    {
        return count;
    }
}
