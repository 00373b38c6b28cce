# syntax=docker/dockerfile:1
# nsps-connector image: built from source in a Maven stage, run on a JRE as a non-root user.
#   docker build -t registry.example.net/nsps-connector:0.1.0 .
# The Helm chart and k8s/ manifests mount the config directory and the token Secret over /etc/nsps-connector.
#
# Base images are pinned versions (bump them on purpose, e.g. with Renovate/Dependabot); pin a digest too with
#   --build-arg RUNTIME_IMAGE=eclipse-temurin:25.0.3_9-jre-noble@sha256:...
# or build on your own mirror or hardened images: BUILD_IMAGE needs Maven 3.9+ and a JDK 21+ (mvn on PATH),
# RUNTIME_IMAGE a JRE 21+ (java on PATH, the same Java version as the build) with groupadd/useradd.
ARG BUILD_IMAGE=maven:3.9.11-eclipse-temurin-25-noble
ARG RUNTIME_IMAGE=eclipse-temurin:25.0.3_9-jre-noble

FROM ${BUILD_IMAGE} AS build
WORKDIR /src
COPY pom.xml .
COPY src src
# The Maven cache survives between builds (BuildKit); tests run in CI, not in the image build.
RUN --mount=type=cache,target=/root/.m2 mvn -B -q -Dmaven.test.skip=true package

FROM ${RUNTIME_IMAGE}
ARG BUILD_IMAGE
ARG RUNTIME_IMAGE
# kept equal to the Maven project version (CI checks it); REVISION and CREATED are given by the release build
ARG VERSION=0.1.0
ARG REVISION=""
ARG CREATED=""
LABEL org.opencontainers.image.title="nsps-connector" \
      org.opencontainers.image.description="Provisions a WTL HLR/HSS from NSPS (PortaOne) provisioning events" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.created="${CREATED}" \
      org.opencontainers.image.base.name="${RUNTIME_IMAGE}"
# fixed numeric ids, matching the chart's runAsUser/runAsGroup
RUN groupadd --system --gid 10001 connector \
 && useradd --system --uid 10001 --gid connector --no-create-home --shell /usr/sbin/nologin connector
WORKDIR /app
COPY --from=build /src/target/libs/ libs/
COPY --from=build /src/target/nsps-connector.jar nsps-connector.jar
# shipped defaults, used when nothing is mounted (docker run); Kubernetes mounts its own at CONFIG_DIR
COPY config/ config/
ENV CONFIG_DIR=/app/config
# The JVM defaults of the image, the same as the Helm chart's (which sets this variable itself): G1, whose heap
# stays near what is live (the JVM would pick Serial in a small container), a heap share of the container's memory
# limit that leaves room for direct buffers, metaspace and threads, and an exit (so a restart) on OutOfMemoryError.
ENV JDK_JAVA_OPTIONS="-XX:+UseG1GC -XX:MaxRAMPercentage=65 -XX:+ExitOnOutOfMemoryError"
# The JDK's ahead-of-time cache, made by a short training run of this very jar on this very JVM (the connector
# with its embedded simulator, on loopback): starts reach their first 202 in about half the time. The cache is
# only used by a JVM with the same collector and compressed-pointer mode, so the training runs with the runtime
# options above, its memory pinned to a container's size (-XX:MaxRAM): on a build host with a large memory the
# heap would otherwise outgrow compressed pointers and the cache would be silently ignored at run time.
RUN JDK_JAVA_OPTIONS="$JDK_JAVA_OPTIONS -XX:MaxRAM=1g" \
    java -XX:AOTCacheOutput=/app/nsps-connector.aot -jar /app/nsps-connector.jar aot-training
USER 10001:10001
EXPOSE 8000
# JVM warnings go to stderr: stdout carries only the JSON log lines
ENTRYPOINT ["java", "-XX:AOTCache=/app/nsps-connector.aot", "-Xlog:disable", "-Xlog:all=warning:stderr", \
            "-jar", "/app/nsps-connector.jar"]
