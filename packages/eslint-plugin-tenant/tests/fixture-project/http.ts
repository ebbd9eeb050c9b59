// An incoming request type declared by the project itself (not a framework's), imported by
// typed test cases: types say nothing about it, so syntax (names, handler shape) decides.
export interface AuthedRequest {
  body: Record<string, string>;
  headers: Record<string, string | undefined>;
  user: { id: string; tenantId: string };
}
