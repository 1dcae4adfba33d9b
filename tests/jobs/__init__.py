"""Tests of the job queue (jixiao.jobs): embedded and distributed modes, crashes, the services they need."""
