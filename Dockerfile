# Truce in a container: built from source in one stage, run from a small
# Debian image as an unprivileged user in another.
#
#   docker build -t truce .
#   docker run --rm -v truce-data:/data truce init --data /data      # once
#   docker run -d -p 8080:8080 -v truce-data:/data truce               # serve
#
# deploy/compose.yaml runs it on PostgreSQL. The data directory is a volume
# at /data; it holds the keys, so back it up as docs/operations.md says.

FROM rust:1-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release --locked -p truce-cli \
 && install -Dm755 target/release/truce /out/truce

FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates tzdata \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /data --shell /usr/sbin/nologin truce \
 && install -d -o truce -g truce -m 0700 /data
COPY --from=build /out/truce /usr/local/bin/truce
USER truce
WORKDIR /data
VOLUME /data
EXPOSE 8080
ENV TRUCE_DATA=/data \
    TRUCE_LISTEN=0.0.0.0:8080 \
    TRUCE_LOG_FORMAT=json
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["truce", "healthcheck", "--url", "http://127.0.0.1:8080"]
STOPSIGNAL SIGTERM
ENTRYPOINT ["truce"]
CMD ["serve"]
