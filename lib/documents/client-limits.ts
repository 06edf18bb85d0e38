/** Upload bounds the composer checks before sending a file (from UPLOAD_MAX_FILE_MB and UPLOAD_MAX_FILES_PER_MESSAGE). */
export type ClientUploadLimits = {
  maxFileBytes: number;
  /** Images are held to the smaller of this and the file bound: what providers take. */
  maxImageBytes: number;
  maxFilesPerMessage: number;
};
