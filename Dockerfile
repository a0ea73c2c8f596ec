# syntax=docker/dockerfile:1
# Production image: the app and the worker share it (command differs).  The NER model and the
# Alembic migrations are part of the package; nothing is downloaded when the container runs.

FROM python:3.11-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN apt-get update && apt-get install -y --no-install-recommends gcc g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY pyproject.toml requirements.lock README.md ./
COPY sunshine ./sunshine
COPY connectors ./connectors
COPY redact ./redact
COPY publish ./publish
COPY search ./search
RUN python -m venv /opt/venv \
 && /opt/venv/bin/pip install -c requirements.lock . \
 && /opt/venv/bin/python -c "import redact, search, publish, connectors, sunshine.app"

FROM python:3.11-slim-bookworm AS runtime
RUN useradd --system --uid 10001 --home-dir /srv/sunshine --create-home sunshine
COPY --from=build /opt/venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH \
    SUNSHINE_HOME=/srv/sunshine/var \
    SUNSHINE_HOST=0.0.0.0 \
    SUNSHINE_PORT=8000 \
    PYTHONUNBUFFERED=1
WORKDIR /srv/sunshine
USER sunshine
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD python -c "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status == 200 else 1)"
CMD ["sh", "-c", "sunshine init && exec sunshine serve"]
