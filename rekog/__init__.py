"""rekog: a typed Python SDK for Amazon Rekognition, built on boto3."""
