package dev.berth.storage;

/**
 * A blob taken in from an existing file.
 *
 * @param size its length in bytes
 * @param linked true when the store now shares the file (a hard link), false when it copied it
 */
public record AdoptedBlob(long size, boolean linked) {}
