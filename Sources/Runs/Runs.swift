/// Run folders: manifests, crash-safe zstd metric logs, and the reader API.
public enum Runs {}
