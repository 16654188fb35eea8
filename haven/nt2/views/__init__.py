"""Pages of the NT2 line (the "Huis van het Nederlands"): the intake desk, a person's
intake file with its forms, the providers with their modules, the scholarship funds,
the grant letter and the certificate (PDF), and the person-file panel.

Every read of a person's records goes through ``nt2.access`` (logged there with the
purpose given in the URL or with the change, else "Dutch intake and routing"); every
write checks the model's add or change permission and goes through ``nt2.services``,
which log it. URLs carry ids and purposes only; the search on the desk is POSTed.

The pages live in topic modules: ``desk``, ``intake`` (the file), ``changes`` (its
forms), ``documents``, ``reference`` (providers and funds) and ``panel``.
"""
