#!/usr/bin/env python3
"""Reads Ferry's sync statuses (ferry.sync-status.v1) with Confluent's Python client.

Keys are plain UTF-8 strings (tenantId:entityType:entityId), values are Avro in the Confluent wire format, so a
plain Consumer is used with an Avro deserializer for the value only. The legacy AvroConsumer decodes keys as
Avro too and fails on every message with "message does not start with magic byte".

  python3 sync_status.py --tenant acme                      # a table of acme's statuses, oldest first
  python3 sync_status.py --tenant acme --format csv | psql "$DB" -c "\\copy sync_status FROM STDIN WITH (FORMAT csv, HEADER)"

Debian: apt-get install python3-confluent-kafka python3-avro python3-requests (run /usr/bin/python3). With
confluent-kafka and fastavro from PyPI the newer AvroDeserializer is used instead; both read the same values.
It reads from the beginning in a group of its own and commits nothing, so it never disturbs Ferry.

Credentials come from the environment, with the names Ferry's services use (never on the command line, where
`ps` would show them): KAFKA_SASL_MECHANISM (scram-sha-512, scram-sha-256 or plain), KAFKA_SASL_USERNAME,
KAFKA_SASL_PASSWORD, KAFKA_TLS=true (+ KAFKA_TLS_CA_FILE), SCHEMA_REGISTRY_USERNAME, SCHEMA_REGISTRY_PASSWORD.
Debian's librdkafka (2.0.2) is refused with SCRAM-SHA-512 by the local broker although the same credentials work
from kafkajs: use KAFKA_SASL_MECHANISM=plain there (the local stack offers PLAIN too; use SASL_SSL on a real cluster).
On the local stack, `set -a; eval "$(node deploy/local/stack.mjs env analyst)"; set +a` sets them for the analyst principal, whose
ACLs allow reading this topic in consumer groups named ferry-analyst-… (see --group-prefix).
"""
import argparse
import csv
import datetime
import json
import os
import sys
import uuid

from confluent_kafka import Consumer, KafkaError

COLUMNS = [
    "recorded_at", "tenant_id", "entity_type", "entity_id", "event_id", "correlation_id", "stage", "status",
    "direction", "source_system", "event_occurred_at", "latency_ms", "connection_id", "erp_kind", "record_type",
    "external_id", "erp_record_id", "attempts", "error_class", "error_code", "error_message", "error_path",
    "config_version", "status_id",
]
FIELDS = {  # column -> SyncStatus field
    "recorded_at": "recordedAt", "tenant_id": "tenantId", "entity_type": "entityType", "entity_id": "entityId",
    "event_id": "eventId", "correlation_id": "correlationId", "stage": "stage", "status": "status",
    "direction": "direction", "source_system": "sourceSystem", "event_occurred_at": "eventOccurredAt",
    "latency_ms": "latencyMs", "connection_id": "connectionId", "erp_kind": "erpKind", "record_type": "recordType",
    "external_id": "externalId", "erp_record_id": "erpRecordId", "attempts": "attempts", "error_class": "errorClass",
    "error_code": "errorCode", "error_message": "errorMessage", "error_path": "errorPath",
    "config_version": "configVersion", "status_id": "statusId",
}


def kafka_security():
    """librdkafka settings for the SASL / TLS the environment names; none for an open cluster."""
    settings = {}
    mechanism = os.environ.get("KAFKA_SASL_MECHANISM")
    tls = os.environ.get("KAFKA_TLS") == "true"
    if mechanism:
        settings.update({
            "security.protocol": "SASL_SSL" if tls else "SASL_PLAINTEXT",
            "sasl.mechanisms": mechanism.upper(),
            "sasl.username": os.environ["KAFKA_SASL_USERNAME"],
            "sasl.password": os.environ["KAFKA_SASL_PASSWORD"],
        })
    elif tls:
        settings["security.protocol"] = "SSL"
    if tls and os.environ.get("KAFKA_TLS_CA_FILE"):
        settings["ssl.ca.location"] = os.environ["KAFKA_TLS_CA_FILE"]
    return settings


def registry_config(registry_url, legacy=False):
    """The registry client's settings; the legacy client (confluent_kafka.avro) also wants the source named."""
    config = {"url": registry_url}
    if os.environ.get("SCHEMA_REGISTRY_USERNAME"):
        config["basic.auth.user.info"] = f"{os.environ['SCHEMA_REGISTRY_USERNAME']}:{os.environ['SCHEMA_REGISTRY_PASSWORD']}"
        if legacy:
            config["basic.auth.credentials.source"] = "USER_INFO"
    return config


def value_decoder(registry_url):
    """Decodes a Confluent-framed Avro value, looking the writer's schema up in the registry by its id."""
    try:
        from confluent_kafka.schema_registry import SchemaRegistryClient
        from confluent_kafka.schema_registry.avro import AvroDeserializer
        from confluent_kafka.serialization import MessageField, SerializationContext

        deserializer = AvroDeserializer(SchemaRegistryClient(registry_config(registry_url)))
        return lambda message: deserializer(message.value(), SerializationContext(message.topic(), MessageField.VALUE))
    except ImportError:  # no fastavro (Debian): the serializer of confluent_kafka.avro, over python3-avro
        from confluent_kafka.avro import CachedSchemaRegistryClient
        from confluent_kafka.avro.serializer.message_serializer import MessageSerializer

        serializer = MessageSerializer(CachedSchemaRegistryClient(registry_config(registry_url, legacy=True)))
        return lambda message: serializer.decode_message(message.value(), is_key=False)


def cell(value):
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    return value


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bootstrap-servers", default="127.0.0.1:9092")
    parser.add_argument("--registry", default="http://127.0.0.1:8081/apis/ccompat/v7",
                        help="Confluent-compatible registry API (Apicurio: …/apis/ccompat/v7)")
    parser.add_argument("--topic", default="ferry.sync-status.v1")
    parser.add_argument("--tenant", help="only this tenant's statuses (the key starts with '<tenant>:')")
    parser.add_argument("--idle-seconds", type=float, default=5.0,
                        help="stop after this long without a new message (the first may take up to 30 s: joining the group)")
    parser.add_argument("--format", choices=["table", "csv", "jsonl"], default="table")
    parser.add_argument("--group-prefix", default="ferry-analyst",
                        help="consumer groups are named <prefix>-<random>; the analyst's ACLs allow <KAFKA_GROUP_ID_PREFIX>-analyst…")
    args = parser.parse_args()

    consumer = Consumer({
        "bootstrap.servers": args.bootstrap_servers,
        **kafka_security(),
        "group.id": f"{args.group_prefix}-{uuid.uuid4()}",
        "auto.offset.reset": "earliest",
        "enable.auto.commit": False,
    })
    decode = value_decoder(args.registry)
    consumer.subscribe([args.topic])
    rows = []
    idle_since = datetime.datetime.now()
    patience = max(args.idle_seconds, 30.0)  # until the first message: the group join takes a few seconds
    try:
        while (datetime.datetime.now() - idle_since).total_seconds() < patience:
            message = consumer.poll(0.5)
            if message is None:
                continue
            if message.error():
                if message.error().code() == KafkaError._PARTITION_EOF:
                    continue
                raise RuntimeError(message.error())
            idle_since = datetime.datetime.now()
            patience = args.idle_seconds
            key = message.key().decode("utf-8") if message.key() else ""  # tenantId:entityType:entityId
            if args.tenant and not key.startswith(f"{args.tenant}:"):
                continue
            status = decode(message)
            rows.append({column: cell(status.get(field)) for column, field in FIELDS.items()})
    finally:
        consumer.close()

    rows.sort(key=lambda row: (row["recorded_at"] or "", row["status_id"]))
    if args.format == "jsonl":
        for row in rows:
            print(json.dumps(row))
    elif args.format == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    else:
        shown = ["recorded_at", "tenant_id", "entity_type", "entity_id", "stage", "status", "direction", "latency_ms", "error_code"]
        print("  ".join(shown))
        for row in rows:
            print("  ".join("" if row[column] is None else str(row[column]) for column in shown))


if __name__ == "__main__":
    main()
