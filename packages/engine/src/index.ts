/**
 * @toolmask/engine: lands with its own issue; this entry point
 * exists so the workspace layout and dependency order are in place.
 */
export {};
