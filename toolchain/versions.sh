# Pinned toolchain versions, one place. @pulumi/pulumi in package.json must equal PULUMI_VERSION.
PULUMI_VERSION=3.248.0          # newest @pulumi/pulumi whose engines accept Node 20
VERSITYGW_VERSION=v1.8.0        # S3-compatible server (posix backend) for the embedded default and tests
POSTGRESQL_PLUGIN_VERSION=3.18.0
# pulumi-postgresql v3.18.0 = commit b57d264d8aee of github.com/pulumi/pulumi-postgresql/provider/v3
POSTGRESQL_PLUGIN_MODULE=github.com/pulumi/pulumi-postgresql/provider/v3@v3.0.0-20260716141723-b57d264d8aee
