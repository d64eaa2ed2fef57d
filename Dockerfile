# Image for compose.yaml's web, worker and migrate services (docs/deployment.md).
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /srv/zorgzaam
COPY pyproject.toml README.md ./
COPY zorgzaam ./zorgzaam
RUN pip install --no-cache-dir . \
    && useradd --system --home /srv/zorgzaam zorgzaam \
    && mkdir -p /var/lib/zorgzaam /srv/zorgzaam/static \
    && DJANGO_SETTINGS_MODULE=zorgzaam.settings_production SECRET_KEY=build ALLOWED_HOSTS=build \
       ZORGZAAM_BASE_URL=https://build.invalid ZORGZAAM_STATIC_ROOT=/srv/zorgzaam/static \
       ZORGZAAM_VAR_DIR=/tmp/build-var zorgzaam collectstatic --noinput \
    && chown -R zorgzaam /var/lib/zorgzaam
USER zorgzaam
EXPOSE 8000
CMD ["gunicorn", "zorgzaam.wsgi", "--workers=3", "--bind=0.0.0.0:8000"]
