/** A file as the API hands it over (FileDownload): its name, type and bytes in base64. */
export interface DownloadedFile {
  filename: string;
  contentType: string;
  base64: string;
}

/** The file's bytes, decoded from base64. */
export function fileBytes(file: Pick<DownloadedFile, 'base64'>): Uint8Array<ArrayBuffer> {
  const binary = atob(file.base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Saves the file as the browser saves a download: a Blob behind an `<a download>`, clicked once and let go. */
export function saveFile(file: DownloadedFile): void {
  const url = URL.createObjectURL(new Blob([fileBytes(file)], { type: file.contentType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = file.filename;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // Let the browser start the download before the address goes.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
