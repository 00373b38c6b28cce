# syntax=docker/dockerfile:1
# nsps-connector image: built from source in a Maven stage, run on a JRE as a non-root user.
#   docker build -t registry.example.net/nsps-connector:0.1.0 .
# The Helm chart and k8s/ manifests mount the config directory and the token Secret over /etc/nsps-connector.

FROM maven:3.9-eclipse-temurin-25 AS build
WORKDIR /src
COPY pom.xml .
COPY src src
# The Maven cache survives between builds (BuildKit); tests run in CI, not in the image build.
RUN --mount=type=cache,target=/root/.m2 mvn -B -q -Dmaven.test.skip=true package

FROM eclipse-temurin:25-jre
# fixed numeric ids, matching the chart's runAsUser/runAsGroup
RUN groupadd --system --gid 10001 connector \
 && useradd --system --uid 10001 --gid connector --no-create-home --shell /usr/sbin/nologin connector
WORKDIR /app
COPY --from=build /src/target/libs/ libs/
COPY --from=build /src/target/nsps-connector.jar nsps-connector.jar
# shipped defaults, used when nothing is mounted (docker run); Kubernetes mounts its own at CONFIG_DIR
COPY config/ config/
ENV CONFIG_DIR=/app/config
# The JDK's ahead-of-time cache, made by a short training run of this very jar on this very JVM (the connector
# with its embedded simulator, on loopback): starts reach their first 202 in about half the time.
RUN java -XX:AOTCacheOutput=/app/nsps-connector.aot -jar /app/nsps-connector.jar aot-training
USER 10001:10001
EXPOSE 8000
# JVM warnings go to stderr: stdout carries only the JSON log lines
ENTRYPOINT ["java", "-XX:AOTCache=/app/nsps-connector.aot", "-Xlog:disable", "-Xlog:all=warning:stderr", \
            "-jar", "/app/nsps-connector.jar"]
