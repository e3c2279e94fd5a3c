package io.cdp.tui.screen;

/**
 * The selected row of a list and the rows that fit on screen around it. Kept within the list as
 * it grows and shrinks. Not thread-safe.
 */
public final class Selection {
    private int index;

    public int index() {
        return index;
    }

    /** Moves by {@code delta} rows, stopping at the ends of a list of {@code size}. */
    public void move(int delta, int size) {
        index = size == 0 ? 0 : Math.max(0, Math.min(size - 1, index + delta));
    }

    public void select(int row, int size) {
        index = 0;
        move(row, size);
    }

    /** Keeps the index inside a list that now has {@code size} rows. */
    public void clamp(int size) {
        move(0, size);
    }

    /** The first row to draw so that the selected one is visible among {@code visible} rows. */
    public int firstVisible(int visible, int size) {
        if (size <= visible) {
            return 0;
        }
        return Math.max(0, Math.min(index - visible / 2, size - visible));
    }
}
