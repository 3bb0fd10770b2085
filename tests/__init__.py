"""The test suite, laid out like the package: core/, adapters/, render/, commands/ and the scripts/ tests."""
