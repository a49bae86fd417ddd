from .k_nearest_neighbor import *
