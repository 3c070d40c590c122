"""PyInstaller runtime hook: stand-in for the OTLP gRPC span exporter.

chromadb imports OTLPSpanExporter at module level but only constructs it when an
OpenTelemetry collector endpoint is configured, which the desktop app never does. The
real exporter drags in grpcio (~17 MB); this stand-in keeps the import working and fails
loudly if anything ever tries to export.
"""
import sys
import types


class OTLPSpanExporter:  # noqa: D101 - mirrors the real class name
    def __init__(self, *args, **kwargs):
        raise RuntimeError("OpenTelemetry OTLP export is not included in the docvec desktop bundle")


for name in ("opentelemetry.exporter", "opentelemetry.exporter.otlp", "opentelemetry.exporter.otlp.proto",
             "opentelemetry.exporter.otlp.proto.grpc"):
    sys.modules.setdefault(name, types.ModuleType(name))
_module = types.ModuleType("opentelemetry.exporter.otlp.proto.grpc.trace_exporter")
_module.OTLPSpanExporter = OTLPSpanExporter
sys.modules.setdefault(_module.__name__, _module)
