/**
 * @toolmask/schema: JSON Schema → grammar IR. The compiler lands with issue 3; this entry point
 * exists so the workspace layout and dependency order are in place.
 */
export {};
