export declare const UPLOAD_MAX_FILE_MB: { readonly min: 1; readonly max: 500; readonly fallback: 20 };
export declare function maxProxyBodyBytes(env: Record<string, string | undefined>): number;
