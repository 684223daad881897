# Machine-drafted translation: needs review by a native speaker before use in a deployment.
# public messages (tr). The reference is en/public.ftl.
