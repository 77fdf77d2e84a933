-- Apicurio Registry keeps its schemas here (SQL storage); Ferry's services create their own databases.
CREATE DATABASE ferry_registry;
