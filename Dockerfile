# kb: the site and the API of one replica. Several replicas share the docs (a volume or a git
# checkout) and PostgreSQL (KB_DATABASE_URL); each keeps its index and site copy in its own
# data volume. See docs/admins/run-kb-on-several-machines.md and compose.yaml.
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    KB_DOCS_DIR=/srv/kb/docs \
    KB_DATA_DIR=/var/lib/kb \
    KB_SITE_DIR=/var/lib/kb/built-site \
    KB_HOST=0.0.0.0 \
    KB_PORT=8000

WORKDIR /srv/kb
COPY pyproject.toml README.md mkdocs.yml ./
COPY kb ./kb
COPY search_api ./search_api
COPY docs ./docs

# hadolint ignore=DL3013
RUN pip install --no-cache-dir . \
    && groupadd --system --gid 10001 kb \
    && useradd --system --uid 10001 --gid 10001 --home-dir /var/lib/kb --create-home kb \
    && chown -R kb:kb /srv/kb/docs /var/lib/kb

USER 10001:10001
VOLUME ["/var/lib/kb"]
EXPOSE 8000

HEALTHCHECK --interval=15s --timeout=5s --start-period=120s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:' + os.environ.get('KB_PORT', '8000') + '/api/health', timeout=4)"]

CMD ["kb", "serve"]
