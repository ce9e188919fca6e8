package io.github.shelllambda.runtime.zip;

/**
 * One entry of a function or layer zip as Lambda will extract it.
 *
 * @param name the entry name, always with forward slashes, directories ending in {@code /}
 * @param unixMode the permission bits (0777 mask) stored in the zip, or 0 when the zip stores none
 * @param size the uncompressed size in bytes, as verified by reading the entry
 * @param directory true for a directory entry
 * @param symlink true when the entry is stored as a Unix symbolic link
 */
public record ZipEntryInfo(String name, int unixMode, long size, boolean directory, boolean symlink) {

  /** True when the owner may execute the entry (what Lambda needs for {@code bootstrap}). */
  public boolean executable() {
    return (unixMode & 0100) != 0;
  }

  /** The mode as {@code unzip -Z} shows it: {@code -rwxr-xr-x}. */
  public String modeString() {
    StringBuilder sb = new StringBuilder(directory ? "d" : symlink ? "l" : "-");
    String rwx = "rwx";
    for (int i = 8; i >= 0; i--) {
      sb.append((unixMode & (1 << i)) != 0 ? rwx.charAt(2 - i % 3) : '-');
    }
    return sb.toString();
  }
}
